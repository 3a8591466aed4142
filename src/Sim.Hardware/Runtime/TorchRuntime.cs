namespace T2CSim.Hardware.Runtime;

using System.Runtime.InteropServices;
using TorchSharp;

/// <summary>
/// Process-wide libtorch settings for inference and profiling. Call <see cref="Configure"/> before
/// running networks; it is idempotent.
/// </summary>
public static class TorchRuntime
{
    private static readonly object Gate = new();
    private static bool _configured;

    /// <summary>
    /// One intra-op and one inter-op thread: the lookup tables are per-request single-thread
    /// latencies, and one thread is stable on a shared machine and under a CPU quota. NNPACK is
    /// switched off: it cannot initialise on this machine's CPU, and libtorch then logs a warning to
    /// stderr on every convolution, which would land inside the timed layers.
    /// </summary>
    public static void Configure()
    {
        lock (Gate)
        {
            if (_configured) return;
            torch.set_num_threads(1);
            torch.set_num_interop_threads(1);
            if (OperatingSystem.IsLinux()) DisableNnpack();
            _configured = true;
        }
    }

    /// <summary>Whether libtorch's user switch for NNPACK is on (torch.backends.nnpack.enabled in Python).</summary>
    public static bool NnpackEnabled() => OperatingSystem.IsLinux() && UserEnabledNnpack(GlobalContext());

    // TorchSharp exposes no NNPACK switch, so call libtorch's at::globalContext().setUserEnabledNNPACK
    // directly: on x86-64 System V a C++ member function takes `this` as its first argument.
    private static void DisableNnpack() => SetUserEnabledNnpack(GlobalContext(), false);

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledNnpack(IntPtr context);
}
