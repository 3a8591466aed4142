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

    /// <summary>
    /// The kernel level ATen dispatches to (torch.backends.cpu.get_cpu_capability() in Python):
    /// DEFAULT, AVX2 or AVX512 on x86-64; ATEN_CPU_CAPABILITY lowers it when set before libtorch loads.
    /// </summary>
    public static string CpuCapability()
    {
        // at::get_cpu_capability() returns a std::string by value: on x86-64 System V the caller
        // passes the result's storage as a hidden first argument. libstdc++'s std::string is
        // { char* data; size_t size; union { char local[16]; size_t capacity; } } (32 bytes). The
        // capability names fit the local buffer, so nothing is left on the heap.
        IntPtr storage = Marshal.AllocHGlobal(32);
        try
        {
            GetCpuCapability(storage);
            var data = Marshal.ReadIntPtr(storage);
            var size = Marshal.ReadInt64(storage, IntPtr.Size);
            return Marshal.PtrToStringUTF8(data, checked((int)size));
        }
        finally
        {
            Marshal.FreeHGlobal(storage);
        }
    }

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at18get_cpu_capabilityB5cxx11Ev")]
    private static extern IntPtr GetCpuCapability(IntPtr result);

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledNnpack(IntPtr context);
}
