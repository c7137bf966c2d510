using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Model.Benchmarks;

/// <summary>
/// What <see cref="GenerationBenchmark"/> measured. Seconds: mean per timed generation; TokensPerSecond: new tokens per
/// second (every row's with fixed lengths, the useful ones with mixed lengths); PrefillSeconds: one prompt pass (a
/// generation of a single token), DecodeSeconds the rest; PeakAllocatedMiB / PeakReservedMiB: torch's allocator peaks
/// over the benchmark (weights included; -1 without the native helper); ProcessMemoryMiB: nvidia-smi's figure (allocator
/// cache and CUDA context included); UncompactedTokensPerSecond: mixed lengths only, finished rows kept in the batch (the
/// main figure then drops them).
/// </summary>
public sealed record GenerationBenchmarkResult(
    string Shape, string Device, string DType, long Parameters, int Batch, int Group, int PromptLength, int NewTokens, int Repeats,
    bool MixedLengths, long UsefulTokens, double Seconds, double TokensPerSecond, double PrefillSeconds, double DecodeSeconds,
    long PeakAllocatedMiB, long PeakReservedMiB, long ProcessMemoryMiB, string ProcessMemorySource, double? UncompactedTokensPerSecond);

/// <summary>
/// The generation benchmark of shared/bench/hf_baseline.py, in C#: a randomly initialised model of a named shape,
/// batch / group random prompts each sampled group times (GRPO's shape, problem-major), sampling at T = 1 with EOS
/// ignored, one warm-up run, then the mean of the timed repeats. With mixed lengths each row stops after its own number
/// of tokens (uniform in [N/16, N], as completions of an RL rollout), and only those tokens count.
/// </summary>
public static class GenerationBenchmark
{
    public static GenerationBenchmarkResult Run(string shape, Device device, int batch, int promptLength, int newTokens, int repeats = 3,
        long seed = 0, int group = 1, bool mixedLengths = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(group, 1);
        if (batch % group != 0)
            throw new R1Gym.Abstractions.R1GymException($"--batch must be a multiple of --group, found batch {batch} and group {group}.");
        var config = ModelConfig.Preset(shape);
        var dtype = device.type == DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32;
        using var model = CausalLM.Create(config, device, dtype, seed);
        var tokenizer = TextTokenizer.TrainCharLevel([], []);
        var random = new Random((int)seed + 1);
        var distinct = Enumerable.Range(0, batch / group)
            .Select(_ => (IReadOnlyList<int>)Enumerable.Range(0, promptLength).Select(_ => random.Next(config.VocabSize)).ToArray()).ToList();
        var prompts = distinct.SelectMany(p => Enumerable.Repeat(p, group)).ToList();
        int[]? limits = mixedLengths ? Enumerable.Range(0, batch).Select(_ => random.Next(Math.Max(1, newTokens / 16), newTokens + 1)).ToArray() : null;
        var options = new SamplingOptions { MaxNewTokens = newTokens, IgnoreEos = true, Seed = seed, RowLimits = limits };
        long useful = limits?.Sum(n => (long)n) ?? (long)batch * newTokens;

        CudaMemory.ResetPeak(device);
        // Warm-up (kernels, allocator, rotary tables): a short run touches every kernel a long one uses.
        Generator.Generate(model, tokenizer, prompts, options with { MaxNewTokens = Math.Min(newTokens, 256), RowLimits = null });
        Sync(device);
        var prefillClock = Stopwatch.StartNew();
        Generator.Generate(model, tokenizer, prompts, options with { MaxNewTokens = 1, RowLimits = null });
        Sync(device);
        double prefill = prefillClock.Elapsed.TotalSeconds;
        // Mixed lengths: the main figure drops finished rows; the same rollout keeping them is the comparison.
        double seconds = Time(model, tokenizer, prompts, options with { CompactFinished = mixedLengths }, repeats, device, limits);
        double? uncompacted = mixedLengths ? useful / Time(model, tokenizer, prompts, options, repeats, device, limits) : null;
        var (processMiB, source) = CudaMemory.ProcessMemory(device);
        return new GenerationBenchmarkResult(shape, device.ToString(), dtype.ToString(), model.parameters().Sum(p => p.numel()),
            batch, group, promptLength, newTokens, repeats, mixedLengths, useful, seconds, useful / seconds, prefill, seconds - prefill,
            CudaMemory.PeakAllocatedMiB(device), CudaMemory.PeakReservedMiB(device), processMiB, source, uncompacted);
    }

    private static double Time(CausalLM model, ITextTokenizer tokenizer, List<IReadOnlyList<int>> prompts, SamplingOptions options, int repeats,
        Device device, int[]? limits)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < repeats; i++)
        {
            var result = Generator.Generate(model, tokenizer, prompts, options with { Seed = options.Seed + i });
            if (result.Tokens.Where((t, b) => t.Length != (limits?[b] ?? options.MaxNewTokens)).Any())
                throw new InvalidOperationException("Benchmark generation ended at another length than asked although EOS is ignored.");
        }

        Sync(device);
        return clock.Elapsed.TotalSeconds / repeats;
    }

    private static void Sync(Device device)
    {
        if (device.type == DeviceType.CUDA) cuda.synchronize(device);
    }
}
