using System.CommandLine;
using R1Gym.Abstractions;
using R1Gym.Model.Benchmarks;

namespace R1Gym.Cli.Commands;

/// <summary>
/// <c>r1gym bench generate --shape 0.5b --batch 64 --prompt-len 128 --new-tokens 256</c>: new tokens per second of
/// batched sampling on a randomly initialised model, the workload of shared/bench/hf_baseline.py.
/// </summary>
internal static class BenchGenerateCommand
{
    public static Command Create()
    {
        var shape = new Option<string>("--shape") { Description = "Model shape: tiny, 50m or 0.5b (default 0.5b).", DefaultValueFactory = _ => "0.5b" };
        var batch = new Option<int>("--batch") { Description = "Sequences sampled together (default 64).", DefaultValueFactory = _ => 64 };
        var promptLength = new Option<int>("--prompt-len") { Description = "Prompt tokens (default 128).", DefaultValueFactory = _ => 128 };
        var newTokens = new Option<int>("--new-tokens") { Description = "New tokens per sequence (default 256).", DefaultValueFactory = _ => 256 };
        var repeats = new Option<int>("--repeats") { Description = "Timed runs after one warm-up (default 3).", DefaultValueFactory = _ => 3 };
        var group = new Option<int>("--group") { Description = "Samples per prompt, GRPO's G: batch / G distinct prompts, G samples each (default 1).", DefaultValueFactory = _ => 1 };
        var mixed = new Option<bool>("--mixed-lengths") { Description = "A rollout of mixed completion lengths (uniform in [N/16, N]); reports useful tokens/s with and without dropping finished rows." };
        var device = new Option<string>("--device") { Description = "auto (default: CUDA when available), cuda or cpu.", DefaultValueFactory = _ => "auto" };
        var command = new Command("generate", "Batched sampling throughput (T = 1, fixed length) of a random model of a given shape.")
        {
            shape, batch, promptLength, newTokens, repeats, group, mixed, device,
        };
        command.SetAction(parse =>
        {
            int b = CliChecks.Range(parse.GetValue(batch), "--batch", 1, 4096), r = CliChecks.Range(parse.GetValue(repeats), "--repeats", 1, 1000), g = CliChecks.Range(parse.GetValue(group), "--group", 1, 4096);
            int p = CliChecks.Range(parse.GetValue(promptLength), "--prompt-len", 1, Model.ModelConfig.MaxPositions);
            int n = CliChecks.Range(parse.GetValue(newTokens), "--new-tokens", 1, Model.ModelConfig.MaxPositions);
            CliChecks.Generation(Model.ModelConfig.Preset(parse.GetValue(shape)!), b, (long)p + n, onCpu: parse.GetValue(device) == "cpu", bytesPerElement: 4);
            using var host = CliHost.Build(parse);
            var configuration = (Microsoft.Extensions.Configuration.IConfiguration)host.Services.GetService(typeof(Microsoft.Extensions.Configuration.IConfiguration))!;
            var dev = Model.TorchBackend.Resolve(parse.GetValue(device)!, configuration["Model:LibTorch"]);
            Console.Error.WriteLine($"device: {Model.TorchBackend.Description}");
            var result = GenerationBenchmark.Run(parse.GetValue(shape)!, dev, b, p, n, r, group: g, mixedLengths: parse.GetValue(mixed));
            if (parse.GetValue(CliOptions.Json))
                CliOutput.WriteJson(new
                {
                    implementation = "r1gym", shape = result.Shape, device = result.Device, dtype = result.DType, @params = result.Parameters,
                    gen_batch = result.Batch, gen_group = result.Group, gen_prompt_len = result.PromptLength, gen_new_tokens = result.NewTokens,
                    repeats = result.Repeats, mixed_lengths = result.MixedLengths, useful_tokens = result.UsefulTokens,
                    gen_tokens_per_s = Math.Round(result.TokensPerSecond, 1), gen_seconds = Math.Round(result.Seconds, 3),
                    prefill_seconds = Math.Round(result.PrefillSeconds, 4), decode_seconds = Math.Round(result.DecodeSeconds, 3),
                    gen_peak_allocated_mib = result.PeakAllocatedMiB, gen_peak_reserved_mib = result.PeakReservedMiB,
                    process_memory_mib = result.ProcessMemoryMiB, process_memory_source = result.ProcessMemorySource,
                    uncompacted_tokens_per_s = result.UncompactedTokensPerSecond is { } u ? Math.Round(u, 1) : (double?)null,
                });
            else
                Console.Out.WriteLine($"{result.Shape} ({result.Parameters:N0} params, {result.DType}) on {result.Device}: batch {result.Batch} (group {result.Group}), " +
                    $"prompt {result.PromptLength}, {result.NewTokens} new tokens{(result.MixedLengths ? " (mixed lengths)" : "")}: {result.TokensPerSecond:N0} new tokens/s " +
                    $"({result.Seconds:0.000} s per run: prefill {result.PrefillSeconds:0.000} s, decode {result.DecodeSeconds:0.000} s), " +
                    $"peak allocated {result.PeakAllocatedMiB:N0} MiB, process {result.ProcessMemoryMiB:N0} MiB ({result.ProcessMemorySource})" +
                    (result.UncompactedTokensPerSecond is { } v ? $"; without dropping finished rows {v:N0} tokens/s" : ""));
            return 0;
        });
        return command;
    }
}
