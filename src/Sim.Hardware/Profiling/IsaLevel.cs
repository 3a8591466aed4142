namespace T2CSim.Hardware.Profiling;

/// <summary>
/// The widest SIMD instruction set libtorch may use in a profiling child, capped through the
/// environment before libtorch loads (docs/models.md, "Tier emulation"). Three libraries inside
/// libtorch pick their kernels by CPU feature, and each has its own switch:
///
/// * ATen's own kernels (im2col, batch-norm, ReLU, pooling, element-wise ops): ATEN_CPU_CAPABILITY
///   (default = the SSE-class baseline build, avx2, avx512). The child checks the level libtorch
///   reports (at::get_cpu_capability) against <see cref="AtenCapability"/>.
/// * MKL, which does the matrix products of the convolutions (im2col + SGEMM at batch 1) and the
///   linear layers: MKL_ENABLE_INSTRUCTIONS on Intel CPUs. On AMD CPUs MKL ignores that and runs
///   its own AVX2 path, and of the MKL_CBWR branches honours only COMPATIBLE (SSE2, no FMA; measured
///   on this machine: MKL_VERBOSE reports CNR:AUTO for any other branch, and SGEMM 512^3 is 2.6x
///   slower under COMPATIBLE and unchanged under the others).
/// * oneDNN (used by convolutions only above libtorch's size threshold, e.g. se-wide's block 2):
///   ONEDNN_MAX_CPU_ISA (DNNL_MAX_CPU_ISA before oneDNN 2.5).
/// </summary>
/// <param name="Name">--isa value and table comment name.</param>
/// <param name="AtenCapability">What at::get_cpu_capability must report, or null for no check.</param>
/// <param name="Environment">Variables set in the child before libtorch loads.</param>
public sealed record IsaLevel(string Name, string Description, string? AtenCapability, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>No cap: whatever libtorch picks on this machine (AVX-512 ATen kernels here).</summary>
    public static IsaLevel Native { get; } = new("native", "no cap (libtorch's own choice)", null, new Dictionary<string, string>());

    /// <summary>Haswell-class: 256-bit AVX2 + FMA (the NUC's i3 and the PC's i7).</summary>
    public static IsaLevel Avx2 { get; } = new("avx2", "AVX2+FMA: ATEN_CPU_CAPABILITY=avx2, ONEDNN_MAX_CPU_ISA=AVX2, MKL_ENABLE_INSTRUCTIONS=AVX2", "AVX2",
        new Dictionary<string, string>
        {
            ["ATEN_CPU_CAPABILITY"] = "avx2",
            ["ONEDNN_MAX_CPU_ISA"] = "AVX2",
            ["DNNL_MAX_CPU_ISA"] = "AVX2",
            ["MKL_ENABLE_INSTRUCTIONS"] = "AVX2",
        });

    /// <summary>
    /// Cherry Trail Atom class: 128-bit SSE up to SSE4.2, no AVX, no FMA. MKL_CBWR=COMPATIBLE is the
    /// only cap MKL honours on an AMD host (its SSE2 path); MKL_ENABLE_INSTRUCTIONS=SSE4_2 is the
    /// equivalent on an Intel host.
    /// </summary>
    public static IsaLevel Sse { get; } = new("sse", "SSE only, no AVX/FMA: ATEN_CPU_CAPABILITY=default, ONEDNN_MAX_CPU_ISA=SSE41, MKL_CBWR=COMPATIBLE + MKL_ENABLE_INSTRUCTIONS=SSE4_2", "DEFAULT",
        new Dictionary<string, string>
        {
            ["ATEN_CPU_CAPABILITY"] = "default",
            ["ONEDNN_MAX_CPU_ISA"] = "SSE41",
            ["DNNL_MAX_CPU_ISA"] = "SSE41",
            ["MKL_ENABLE_INSTRUCTIONS"] = "SSE4_2",
            ["MKL_CBWR"] = "COMPATIBLE",
        });

    public static IReadOnlyList<IsaLevel> All { get; } = [Native, Avx2, Sse];

    public static IsaLevel Parse(string name) =>
        All.FirstOrDefault(l => l.Name == name) ?? throw new ArgumentException($"unknown ISA level '{name}' ({string.Join(", ", All.Select(l => l.Name))})");

    public override string ToString() => Name;
}
