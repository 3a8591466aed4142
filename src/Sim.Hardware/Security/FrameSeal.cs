namespace T2CSim.Hardware.Security;

using System.Security.Cryptography;
using System.Text;

/// <summary>
/// Proof of who sent a frame. NetMQ's CURVE authenticates the server to its clients and encrypts,
/// but has no ZAP handler, so a server cannot tell which client key a frame came from. A sender
/// therefore appends a 16-byte tag: HMAC-SHA256 of the frame under a key only the two ends can
/// compute, SHA-256 of the X25519 shared secret of the sender's secret key and the receiver's public
/// key (both ends derive the same; nobody else can). docs/security.md has the threat model.
/// </summary>
public sealed class FrameSeal
{
    public const int TagBytes = 16;
    private static readonly byte[] Context = Encoding.ASCII.GetBytes("t2c frame seal v1");
    private readonly byte[] _key;

    public FrameSeal(byte[] key) => _key = key;

    /// <summary>The seal shared by the holder of `own` and the holder of `peerPublic`'s secret.</summary>
    public static FrameSeal Between(CurveKeyPair own, byte[] peerPublic)
    {
        var shared = NaCl.Curve25519.ScalarMultiplication(own.SecretKey, peerPublic);
        return new FrameSeal(SHA256.HashData([.. Context, .. shared]));
    }

    public byte[] Seal(byte[] frame)
    {
        var sealedFrame = new byte[frame.Length + TagBytes];
        frame.CopyTo(sealedFrame, 0);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, frame, mac);
        mac[..TagBytes].CopyTo(sealedFrame.AsSpan(frame.Length));
        return sealedFrame;
    }

    /// <summary>Checks the tag (in constant time); on success `frame` is the frame without it.</summary>
    public bool TryOpen(byte[] sealedFrame, out byte[] frame)
    {
        frame = [];
        if (sealedFrame.Length < TagBytes) return false;
        var body = sealedFrame.AsSpan(0, sealedFrame.Length - TagBytes);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, body, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..TagBytes], sealedFrame.AsSpan(body.Length))) return false;
        frame = body.ToArray();
        return true;
    }
}
