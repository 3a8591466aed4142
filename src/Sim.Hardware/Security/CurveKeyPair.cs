namespace T2CSim.Hardware.Security;

using NetMQ;

/// <summary>
/// A CurveZMQ key pair (Curve25519, 32-byte keys, Z85 text in files). The same pair serves CURVE on
/// the sockets and the frame seals (<see cref="FrameSeal"/>) of its holder.
/// </summary>
public sealed class CurveKeyPair
{
    public CurveKeyPair(byte[] publicKey, byte[] secretKey)
    {
        if (publicKey.Length != 32 || secretKey.Length != 32) throw new ArgumentException("CURVE keys are 32 bytes");
        PublicKey = publicKey;
        SecretKey = secretKey;
    }

    public byte[] PublicKey { get; }
    public byte[] SecretKey { get; }
    public string PublicZ85 => Certificate.PublicKeyZ85;
    public string SecretZ85 => Certificate.SecretKeyZ85!;

    /// <summary>A fresh pair from the system's random number generator (NetMQ's key generation).</summary>
    public static CurveKeyPair Generate()
    {
        var certificate = new NetMQCertificate();
        return new CurveKeyPair(certificate.PublicKey, certificate.SecretKey!);
    }

    /// <summary>The pair whose secret key this is (the public key is derived from it).</summary>
    public static CurveKeyPair FromSecret(byte[] secretKey)
    {
        var certificate = NetMQCertificate.CreateFromSecretKey(secretKey);
        return new CurveKeyPair(certificate.PublicKey, certificate.SecretKey!);
    }

    public NetMQCertificate Certificate => new(SecretKey, PublicKey);

    /// <summary>A key from its 40-character Z85 text (ZeroMQ's encoding).</summary>
    public static byte[] DecodeZ85(string text, bool secret) =>
        secret ? NetMQCertificate.CreateFromSecretKey(text).SecretKey! : NetMQCertificate.FromPublicKey(text).PublicKey;
}
