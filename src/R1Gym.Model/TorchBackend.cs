using System.Diagnostics;
using System.Runtime.InteropServices;
using R1Gym.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Model;

/// <summary>
/// Picks and initialises the TorchSharp device. CUDA needs a CUDA build of libtorch, which the TorchSharp NuGet
/// packages served here do not carry: it is found from an explicit path (setting), <c>R1GYM_LIBTORCH</c>, or the
/// installed PyTorch (<c>python3</c>), and preloaded by full path before TorchSharp's first call so that TorchSharp
/// binds to it by soname. Call this before any other TorchSharp use.
/// </summary>
public static class TorchBackend
{
    /// <summary>The environment variable naming a libtorch folder (the one holding libtorch_cuda.so), or PyTorch's <c>torch/lib</c>.</summary>
    public const string LibTorchVariable = "R1GYM_LIBTORCH";

    private static readonly object Gate = new();
    private static string? _preloadedFrom;

    /// <summary>What the last <see cref="Resolve(string, string?)"/> found, for logs.</summary>
    public static string Description { get; private set; } = "not resolved";

    /// <summary>"cpu" | "cuda" | "cuda:N" | "auto" (CUDA when available, else CPU).</summary>
    public static Device Resolve(string requested) => Resolve(requested, null);

    /// <summary>As <see cref="Resolve(string)"/>, with an explicit libtorch folder (a setting) tried first.</summary>
    public static Device Resolve(string requested, string? libTorchPath)
    {
        string r = (requested ?? "auto").Trim().ToLowerInvariant();
        if (r == "cpu")
        {
            if (HasBundledLibTorch())
            {
                Description = "cpu (TorchSharp's bundled libtorch)";
                return CPU;
            }

            // A build without TorchSharp-cpu's libtorch (the GPU publish) runs CPU work on the installed PyTorch's libraries.
            string? lib = FindAndPreload(libTorchPath, []);
            Description = $"cpu (libtorch from {lib ?? "nowhere: no bundled or installed libtorch found"})";
            return CPU;
        }

        if (r != "auto" && r != "cuda" && !r.StartsWith("cuda:", StringComparison.Ordinal))
            throw new R1GymException($"Unknown device '{requested}'. Expected cpu, cuda, cuda:N or auto.");
        var searched = new List<string>();
        string? found = FindAndPreload(libTorchPath, searched);
        bool available;
        string? failure = null;
        try
        {
            InitializeDeviceType(DeviceType.CUDA);
            available = cuda.is_available();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            available = false;
            failure = e.Message.Split('\n', 2)[0].Trim(); // TorchSharp appends a multi-line loader trace
        }

        if (available)
        {
            var device = r == "auto" ? new Device(DeviceType.CUDA, 0) : new Device(r);
            Description = $"{device} ({cuda.device_count()} GPU(s)), libtorch from {found ?? "the default library path"}";
            return device;
        }

        string why = $"CUDA is not available: {(found is null ? "no CUDA libtorch found (searched: " + string.Join("; ", searched) + ")" : "libtorch from " + found + " loaded but torch.cuda.is_available() is false (no GPU or driver?)")}"
            + (failure is null ? "" : $"; TorchSharp said: {failure}");
        if (r == "auto")
        {
            Description = "cpu (" + why + ")";
            return CPU;
        }

        throw new R1GymException(why + $". Fix: install PyTorch with CUDA for python3, or set {LibTorchVariable} to a folder holding libtorch_cuda.so; or use --device cpu.");
    }

    private static bool HasBundledLibTorch()
    {
        string root = AppContext.BaseDirectory;
        return File.Exists(Path.Combine(root, "libtorch.so")) || File.Exists(Path.Combine(root, "runtimes", "linux-x64", "native", "libtorch.so"))
            || !OperatingSystem.IsLinux();
    }

    private static string? FindAndPreload(string? setting, List<string> searched)
    {
        lock (Gate)
        {
            if (_preloadedFrom is not null) return _preloadedFrom;
            var candidates = new List<(string Source, string? Dir)>
            {
                ("setting", setting),
                (LibTorchVariable, Environment.GetEnvironmentVariable(LibTorchVariable)),
                ("python3 torch", PythonTorchLib()),
            };
            foreach (var (source, dir) in candidates)
            {
                if (string.IsNullOrWhiteSpace(dir)) continue;
                string lib = Directory.Exists(Path.Combine(dir, "lib")) && !File.Exists(Path.Combine(dir, "libtorch_cuda.so")) ? Path.Combine(dir, "lib") : dir;
                searched.Add($"{source}: {lib}");
                string cudaLib = Path.Combine(lib, "libtorch_cuda.so"), torchLib = Path.Combine(lib, "libtorch.so");
                if (!File.Exists(cudaLib) || !File.Exists(torchLib)) continue;
                NativeLibrary.Load(cudaLib);
                NativeLibrary.Load(torchLib);
                _preloadedFrom = $"{lib} ({source})";
                return _preloadedFrom;
            }

            if (searched.Count == 0) searched.Add($"no setting, no {LibTorchVariable}, no python3 with torch");
            return null;
        }
    }

    private static string? PythonTorchLib()
    {
        try
        {
            // find_spec locates the package without importing it (importing torch takes seconds).
            var start = new ProcessStartInfo("python3", ["-c", "import importlib.util as u; s = u.find_spec('torch'); print(s.submodule_search_locations[0] if s else '')"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var process = Process.Start(start);
            if (process is null) return null;
            string output = process.StandardOutput.ReadToEnd().Trim();
            if (!process.WaitForExit(15000)) return null;
            return output.Length == 0 ? null : Path.Combine(output, "lib");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no python3
        }
    }
}
