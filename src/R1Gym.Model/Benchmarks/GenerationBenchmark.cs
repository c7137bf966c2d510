using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Model.Benchmarks;

/// <summary>What <see cref="GenerationBenchmark"/> measured.</summary>
public sealed record GenerationBenchmarkResult(
    string Shape, string Device, string DType, long Parameters, int Batch, int PromptLength, int NewTokens, int Repeats,
    double Seconds, double TokensPerSecond, double PrefillSeconds, long PeakMemoryMiB, string PeakMemorySource);

/// <summary>
/// The generation benchmark of shared/bench/hf_baseline.py, in C#: a randomly initialised model of a named shape,
/// random prompts, sampling at T = 1 with a fixed output length (EOS ignored, as HF's min_new_tokens), one warm-up
/// run, then the mean of the timed repeats. New tokens per second = batch * new tokens / seconds.
/// </summary>
public static class GenerationBenchmark
{
    public static GenerationBenchmarkResult Run(string shape, Device device, int batch, int promptLength, int newTokens, int repeats = 3, long seed = 0)
    {
        var config = ModelConfig.Preset(shape);
        var dtype = device.type == DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32;
        using var model = CausalLM.Create(config, device, dtype, seed);
        var tokenizer = TextTokenizer.TrainCharLevel([], []);
        var random = new Random((int)seed + 1);
        var prompts = Enumerable.Range(0, batch)
            .Select(_ => (IReadOnlyList<int>)Enumerable.Range(0, promptLength).Select(_ => random.Next(config.VocabSize)).ToArray()).ToList();
        var options = new SamplingOptions { MaxNewTokens = newTokens, IgnoreEos = true, Seed = seed };

        Generator.Generate(model, tokenizer, prompts, options); // warm-up: kernels, allocator, rotary tables
        Sync(device);
        var prefillClock = Stopwatch.StartNew();
        Generator.Generate(model, tokenizer, prompts, options with { MaxNewTokens = 1 });
        Sync(device);
        double prefill = prefillClock.Elapsed.TotalSeconds;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < repeats; i++)
        {
            var result = Generator.Generate(model, tokenizer, prompts, options with { Seed = seed + i });
            if (result.Tokens.Any(t => t.Length != newTokens))
                throw new InvalidOperationException("Benchmark generation ended early although EOS is ignored.");
        }

        Sync(device);
        double seconds = clock.Elapsed.TotalSeconds / repeats;
        var (peak, source) = PeakMemory(device);
        return new GenerationBenchmarkResult(shape, device.ToString(), dtype.ToString(), model.parameters().Sum(p => p.numel()),
            batch, promptLength, newTokens, repeats, seconds, batch * (double)newTokens / seconds, prefill, peak, source);
    }

    private static void Sync(Device device)
    {
        if (device.type == DeviceType.CUDA) cuda.synchronize(device);
    }

    // TorchSharp exposes no allocator statistics: on CUDA this asks nvidia-smi for the process's GPU memory
    // (what the caching allocator reserved, i.e. the peak); on CPU it is the process's peak working set.
    private static (long MiB, string Source) PeakMemory(Device device)
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
                    return (mib, "nvidia-smi process memory (allocator reserved)");
            }

            return (-1, "nvidia-smi did not list this process");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "nvidia-smi not found");
        }
    }
}
