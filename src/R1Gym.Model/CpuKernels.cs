using System.Runtime.InteropServices;
using R1Gym.Abstractions;

namespace R1Gym.Model;

/// <summary>
/// Pins which CPU kernels libtorch runs, so that a CPU run gives the same figures on every x86-64 machine. libtorch picks
/// its vectorised kernels per instruction set at the first tensor operation (<c>ATEN_CPU_CAPABILITY</c>: default, avx2,
/// avx512) and its bundled MKL picks its own code path (<c>MKL_CBWR</c>); AVX-512 and AVX2 kernels round differently,
/// and a small model trained for hundreds of steps drifts far apart (the CPU demo: 34.3% -> 63.0% with AVX-512 kernels,
/// 50.3% -> 90.0% with AVX2 ones, on the same machine). Both are read from the process environment when libtorch first
/// needs them, so <see cref="Pin"/> must run before the process's first tensor operation.
/// </summary>
public static class CpuKernels
{
    /// <summary>libtorch's variable naming the kernel set (default, avx2, avx512).</summary>
    public const string CapabilityVariable = "ATEN_CPU_CAPABILITY";

    /// <summary>MKL's conditional numerical reproducibility variable (AVX2, AVX512, COMPATIBLE, ...).</summary>
    public const string MklVariable = "MKL_CBWR";

    /// <summary>
    /// Sets <see cref="CapabilityVariable"/> and <see cref="MklVariable"/> for <paramref name="capability"/> ("avx2",
    /// "avx512", "default"; "native" leaves libtorch's choice alone), unless the user set them already: a variable set
    /// outside wins. Returns what the run uses, e.g. "avx2 (ATEN_CPU_CAPABILITY=avx2, MKL_CBWR=AVX2)".
    /// </summary>
    public static string Pin(string capability)
    {
        ArgumentNullException.ThrowIfNull(capability);
        string c = capability.Trim().ToLowerInvariant();
        if (c is not ("native" or "default" or "avx2" or "avx512"))
            throw new R1GymException($"Unknown CPU kernel set '{capability}'. Expected avx2, avx512, default or native.");
        if (c != "native" && RuntimeInformation.ProcessArchitecture == Architecture.X64)
        {
            SetIfUnset(CapabilityVariable, c);
            SetIfUnset(MklVariable, c == "default" ? "COMPATIBLE" : c.ToUpperInvariant());
        }
        string? aten = Read(CapabilityVariable), mkl = Read(MklVariable);
        return aten is null && mkl is null
            ? $"native ({RuntimeInformation.ProcessArchitecture}: libtorch's own choice)"
            : $"{aten ?? "native"} ({CapabilityVariable}={aten ?? "unset"}, {MklVariable}={mkl ?? "unset"})";
    }

    // Environment.SetEnvironmentVariable changes only .NET's copy on Unix; libtorch reads the C library's environment.
    private static void SetIfUnset(string name, string value)
    {
        if (Read(name) is not null)
            return;
        if (OperatingSystem.IsWindows())
            Environment.SetEnvironmentVariable(name, value);
        else if (Native.setenv(name, value, 0) != 0)
            throw new R1GymException($"Could not set {name}={value} in the process environment; set it before starting r1gym.");
    }

    private static string? Read(string name)
    {
        if (OperatingSystem.IsWindows())
            return Environment.GetEnvironmentVariable(name);
        var value = Native.getenv(name);
        return value == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(value);
    }

    private static class Native
    {
        [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int setenv(string name, string value, int overwrite);

        [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern IntPtr getenv(string name);
    }
}
