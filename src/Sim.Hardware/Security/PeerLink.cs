namespace T2CSim.Hardware.Security;

using NetMQ;

/// <summary>
/// One authenticated direction from the holder of `Own` to the holder of `PeerPublic`'s secret: the
/// connecting socket is a CURVE client that accepts only that server key (a man in the middle or a
/// foreign listener cannot complete the handshake), and every frame it sends carries the seal of the
/// pair, so the receiver knows it came from `Own`.
/// </summary>
public sealed class PeerLink(CurveKeyPair own, byte[] peerPublic)
{
    public CurveKeyPair Own { get; } = own;
    public byte[] PeerPublic { get; } = peerPublic;
    public FrameSeal Seal { get; } = FrameSeal.Between(own, peerPublic);

    public void ConfigureClient(NetMQSocket socket)
    {
        socket.Options.CurveServerKey = PeerPublic;
        socket.Options.CurveCertificate = Own.Certificate;
    }
}

/// <summary>Socket settings every plane shares: CURVE server keys and the size bound.</summary>
public static class SocketGuard
{
    /// <summary>A listening socket that speaks CURVE with its holder's key pair.</summary>
    public static void ConfigureServer(NetMQSocket socket, CurveKeyPair own)
    {
        socket.Options.CurveServer = true;
        socket.Options.CurveCertificate = own.Certificate;
    }

    /// <summary>
    /// ZMQ_MAXMSGSIZE: a peer announcing a bigger frame is disconnected by the ZMTP decoder from the
    /// frame header, before any of it is buffered (the wire decoder's own limit only sees whole frames).
    /// </summary>
    public static void Bound(NetMQSocket socket, int maxFrameBytes) => socket.Options.MaxMsgSize = maxFrameBytes + FrameSeal.TagBytes;
}
