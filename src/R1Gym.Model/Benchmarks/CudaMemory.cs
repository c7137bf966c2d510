using System.Diagnostics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Model.Benchmarks;

/// <summary>
/// Peak GPU memory for benchmarks. Torch's allocator statistics (what torch.cuda.max_memory_allocated reports) come
/// from the optional native helper built by native/build-allocator-stats.sh, found through
/// <c>R1GYM_ALLOCATOR_STATS</c> or beside the executable; nvidia-smi's per-process figure (the allocator's reserved
/// memory plus the CUDA context) is the cross-check and the fallback.
/// </summary>
internal static class CudaMemory
{
    public const string HelperVariable = "R1GYM_ALLOCATOR_STATS";

    private static readonly Lazy<Helper?> Native = new(LoadHelper);

    private delegate long Query(int device);
    private delegate void Reset(int device);

    private sealed record Helper(Query PeakAllocated, Query PeakReserved, Reset ResetPeak);

    /// <summary>Whether torch's allocator statistics are readable.</summary>
    public static bool HasAllocatorStats => Native.Value is not null;

    public static void ResetPeak(Device device)
    {
        if (device.type == DeviceType.CUDA) Native.Value?.ResetPeak(Math.Max(0, device.index));
    }

    /// <summary>Torch's allocator peak in MiB since the last reset, or -1 without the helper.</summary>
    public static long PeakAllocatedMiB(Device device) =>
        device.type == DeviceType.CUDA && Native.Value is { } h ? h.PeakAllocated(Math.Max(0, device.index)) >> 20 : -1;

    /// <summary>Torch's allocator peak reserved (cached) memory in MiB, or -1 without the helper.</summary>
    public static long PeakReservedMiB(Device device) =>
        device.type == DeviceType.CUDA && Native.Value is { } h ? h.PeakReserved(Math.Max(0, device.index)) >> 20 : -1;

    /// <summary>nvidia-smi's memory for this process in MiB (on CPU: the peak working set), and where it came from.</summary>
    public static (long MiB, string Source) ProcessMemory(Device device)
    {
        if (device.type != DeviceType.CUDA)
            return (Process.GetCurrentProcess().PeakWorkingSet64 >> 20, "process peak working set");
        try
        {
            var start = new ProcessStartInfo("nvidia-smi", ["--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits"])
            {
                RedirectStandardOutput = true, UseShellExecute = false,
            };
            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            int pid = Environment.ProcessId;
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split(',', StringSplitOptions.TrimEntries);
                if (parts.Length == 2 && int.TryParse(parts[0], out int p) && p == pid && long.TryParse(parts[1], out long mib))
                    return (mib, "nvidia-smi process memory (allocator reserved + CUDA context)");
            }

            return (-1, "nvidia-smi did not list this process");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "nvidia-smi not found");
        }
    }

    private static Helper? LoadHelper()
    {
        string? path = Environment.GetEnvironmentVariable(HelperVariable);
        path ??= Path.Combine(AppContext.BaseDirectory, "libr1gym_allocstats.so");
        if (!File.Exists(path) || !NativeLibrary.TryLoad(path, out var handle)) return null;
        if (!NativeLibrary.TryGetExport(handle, "r1gym_cuda_peak_allocated", out var peak)
            || !NativeLibrary.TryGetExport(handle, "r1gym_cuda_peak_reserved", out var reserved)
            || !NativeLibrary.TryGetExport(handle, "r1gym_cuda_reset_peak", out var reset))
            return null;
        return new Helper(Marshal.GetDelegateForFunctionPointer<Query>(peak), Marshal.GetDelegateForFunctionPointer<Query>(reserved),
            Marshal.GetDelegateForFunctionPointer<Reset>(reset));
    }
}
