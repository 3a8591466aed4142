namespace T2CSim.Experiments.Commands.Bench;

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NetMQ;
using NetMQ.Sockets;
using T2CSim.Core;
using T2CSim.Hardware.Security;

/// <summary>
/// `t2c bench curve`: what the planes' security (docs/security.md) costs one hop. A frame goes
/// PUSH -> PULL over loopback and is echoed back the same way, as a Job travels a link: insecure, then
/// with CURVE (encryption) and the frame seal (HMAC on send, check on receipt). Half the round trip is
/// one hop; the difference of the medians is the cost per hop. Sizes: a small control frame, the
/// sensor's Job (the 48x48 frame) and the zoo's largest intermediate tensor (se-wide, 147 KB).
/// </summary>
public sealed class CurveBenchCommand : IBenchSubcommand
{
    public Command Build()
    {
        var rounds = new Option<int>("--rounds") { Description = "Round trips per size and mode.", DefaultValueFactory = _ => 2000 };
        var command = new Command("curve", "Latency cost per hop of CURVE and the frame seals on loopback.");
        command.Options.Add(rounds);
        command.SetAction(parse =>
        {
            int n = parse.GetValue(rounds);
            if (n < 10) throw new UserInputException(null, "--rounds", $"{n}: at least 10 round trips are needed");
            Run(n);
        });
        return command;
    }

    private static void Run(int rounds)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"one hop over loopback (half a round trip), {rounds} round trips each; load average {LoadAverage()}");
        Console.WriteLine("bytes     insecure p50/p95 ms   CURVE+seal p50/p95 ms   cost per hop p50 ms");
        foreach (int bytes in new[] { 64, 2_400, 147_500 })
        {
            var plain = Measure(bytes, rounds, secure: false);
            var secure = Measure(bytes, rounds, secure: true);
            Console.WriteLine(string.Create(inv,
                $"{bytes,7}   {plain.P50 * 1e3,8:0.000} / {plain.P95 * 1e3,6:0.000}    {secure.P50 * 1e3,8:0.000} / {secure.P95 * 1e3,6:0.000}      {(secure.P50 - plain.P50) * 1e3,8:0.000}"));
        }
    }

    private static (double P50, double P95) Measure(int bytes, int rounds, bool secure)
    {
        CurveKeyPair a = CurveKeyPair.Generate(), b = CurveKeyPair.Generate();
        using var aIn = new PullSocket();
        using var bIn = new PullSocket();
        using var aOut = new PushSocket();
        using var bOut = new PushSocket();
        if (secure)
        {
            SocketGuard.ConfigureServer(aIn, a);
            SocketGuard.ConfigureServer(bIn, b);
            new PeerLink(a, b.PublicKey).ConfigureClient(aOut);
            new PeerLink(b, a.PublicKey).ConfigureClient(bOut);
        }
        aOut.Connect($"tcp://127.0.0.1:{bIn.BindRandomPort("tcp://127.0.0.1")}");
        bOut.Connect($"tcp://127.0.0.1:{aIn.BindRandomPort("tcp://127.0.0.1")}");
        FrameSeal ab = FrameSeal.Between(a, b.PublicKey), ba = FrameSeal.Between(b, a.PublicKey);
        var echo = new Thread(() =>
        {
            for (int i = 0; i < rounds + rounds / 10; i++)
            {
                var frame = bIn.ReceiveFrameBytes();
                if (secure && !ab.TryOpen(frame, out frame)) throw new InvalidOperationException("seal");
                bOut.SendFrame(secure ? ba.Seal(frame) : frame);
            }
        }) { IsBackground = true };
        echo.Start();
        var payload = new byte[bytes];
        new Random(1).NextBytes(payload);
        var hop = new List<double>(rounds);
        for (int i = 0; i < rounds + rounds / 10; i++)
        {
            long start = Stopwatch.GetTimestamp();
            aOut.SendFrame(secure ? ab.Seal(payload) : payload);
            var back = aIn.ReceiveFrameBytes();
            if (secure && !ba.TryOpen(back, out _)) throw new InvalidOperationException("seal");
            if (i >= rounds / 10) hop.Add(Stopwatch.GetElapsedTime(start).TotalSeconds / 2); // the first tenth warms up
        }
        echo.Join();
        hop.Sort();
        return (hop[hop.Count / 2], hop[(int)(hop.Count * 0.95)]);
    }

    private static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }
}
