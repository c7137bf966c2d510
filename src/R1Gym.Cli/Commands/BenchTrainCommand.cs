using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using R1Gym.Abstractions;
using R1Gym.Model;
using R1Gym.Training;

namespace R1Gym.Cli.Commands;

/// <summary>
/// <c>r1gym bench train --shape 0.5b --batch 16 --seq 512</c>: trained tokens per second of one GRPO-shaped step
/// (forward, log-probs, clipped surrogate, backward, AdamW) on a random model, the step shared/bench/hf_baseline.py times.
/// </summary>
internal static class BenchTrainCommand
{
    public static Command Create()
    {
        var shape = new Option<string>("--shape") { Description = "Model shape: tiny, 50m or 0.5b (default 0.5b).", DefaultValueFactory = _ => "0.5b" };
        var batch = new Option<int>("--batch") { Description = "Sequences per step (default 16).", DefaultValueFactory = _ => 16 };
        var sequence = new Option<int>("--seq") { Description = "Tokens per sequence (default 512).", DefaultValueFactory = _ => 512 };
        var repeats = new Option<int>("--repeats") { Description = "Timed steps after one warm-up (default 5).", DefaultValueFactory = _ => 5 };
        var device = new Option<string>("--device") { Description = "auto (default: CUDA when available), cuda or cpu.", DefaultValueFactory = _ => "auto" };
        var breakdown = new Option<bool>("--breakdown") { Description = "Also time each phase (forward, loss, backward, optimiser) between device synchronisations." };
        var command = new Command("train", "Training throughput (trained tokens/s) of a GRPO step on a random model of a given shape.")
        {
            shape, batch, sequence, repeats, device, breakdown,
        };
        command.SetAction(parse =>
        {
            int b = CliChecks.Range(parse.GetValue(batch), "--batch", 1, 4096), r = CliChecks.Range(parse.GetValue(repeats), "--repeats", 1, 1000);
            int s = CliChecks.Range(parse.GetValue(sequence), "--seq", 2, ModelConfig.MaxPositions);
            using var host = CliHost.Build(parse);
            var configuration = host.Services.GetRequiredService<IConfiguration>();
            var dev = TorchBackend.Resolve(parse.GetValue(device)!, configuration["Model:LibTorch"]);
            Console.Error.WriteLine($"device: {TorchBackend.Description}");
            var config = ModelConfig.Preset(parse.GetValue(shape)!);
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("bench");
            double rate = TrainingBenchmark.TrainedTokensPerSecond(config, dev, b, s, logger, r);
            var phases = parse.GetValue(breakdown) ? TrainingBenchmark.Breakdown(config, dev, b, s, r) : null;
            if (parse.GetValue(CliOptions.Json))
                CliOutput.WriteJson(new
                {
                    implementation = "r1gym", shape = parse.GetValue(shape), device = dev.type.ToString().ToLowerInvariant(),
                    train_batch = b, train_seq = s, repeats = r, train_tokens_per_s = Math.Round(rate, 1),
                    step_seconds = Math.Round(b * (double)s / rate, 4),
                    phase_seconds = phases is null ? null : new
                    {
                        forward = Math.Round(phases.Forward, 4), loss = Math.Round(phases.Loss, 4),
                        backward = Math.Round(phases.Backward, 4), optimizer = Math.Round(phases.Optimizer, 4),
                    },
                });
            else
            {
                Console.Out.WriteLine($"{parse.GetValue(shape)} on {dev.type}: {b} x {s} tokens per step, {rate:N0} trained tokens/s ({b * (double)s / rate:0.000} s per step)");
                if (phases is not null)
                    Console.Out.WriteLine($"  phases (synchronised): forward {phases.Forward:0.0000} s, loss {phases.Loss:0.0000} s, backward {phases.Backward:0.0000} s, optimiser {phases.Optimizer:0.0000} s");
            }
            return 0;
        });
        return command;
    }
}
