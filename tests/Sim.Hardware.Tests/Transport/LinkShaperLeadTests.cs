namespace T2CSim.Tests.Hardware.Transport;

using T2CSim.Hardware.Transport;

/// <summary>The lead a kernel token bucket gives a frame on an idle link, which a kernel-shaped LinkShaper pays in user space.</summary>
public class LinkShaperLeadTests
{
    [Test]
    public void A_frame_larger_than_the_bucket_skips_the_whole_bucket()
    {
        // 2304 B frame, 1514 B bucket, 1 Mbit/s: 1514 x 8 / 1e6 = 12.112 ms.
        Assert.That(LinkShaper.KernelLeadS(2304, 1e6, 1514), Is.EqualTo(0.012112).Within(1e-12));
    }

    [Test]
    public void A_frame_within_the_bucket_skips_its_own_packet()
    {
        // 100 B + 66 B headers = 166 B at 1 Mbit/s: 1.328 ms.
        Assert.That(LinkShaper.KernelLeadS(100, 1e6, 1514), Is.EqualTo(0.001328).Within(1e-12));
    }
}
