using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using R1Gym.Gym;
using R1Gym.Training;
using R1Gym.Training.Pipeline;

namespace R1Gym.Cli.Commands;

/// <summary>
/// <c>r1gym pipeline r1 --config &lt;file&gt;</c>: DeepSeek-R1's stages (cold-start SFT, reasoning RL, rejection sampling,
/// SFT, final RL) into one run folder. Rerunning the same command skips finished stages and resumes the running one.
/// </summary>
internal static class PipelineCommands
{
    public static Command Create()
    {
        var config = new Option<string>("--config", "-c") { Description = "Pipeline config (JSON): Task, Model, ColdStart, ReasoningRl, RejectionSampling, Sft, FinalRl, Eval.", Required = true, HelpName = "file" };
        var output = new Option<string?>("--output", "-o") { Description = "Run folder (overrides the config's Output).", HelpName = "dir" };
        var device = new Option<string?>("--device") { Description = "cpu, cuda or auto (overrides the config's Device)." };
        var r1 = new Command("r1", "Run (or resume) the full R1 recipe: cold-start SFT -> reasoning RL -> rejection sampling -> SFT -> final RL.")
        {
            config, output, device,
        };
        r1.SetAction(async (parse, ct) =>
        {
            var settings = R1PipelineConfig.Load(parse.GetValue(config)!);
            settings.Output = parse.GetValue(output) ?? settings.Output;
            settings.Device = parse.GetValue(device) ?? settings.Device;
            using var host = CliHost.Build(parse);
            var pipeline = new R1Pipeline(host.Services.GetRequiredService<ITaskRegistry>(), ModelArguments.Logger(host, "R1Gym.Pipeline"));
            var result = await pipeline.RunAsync(settings, new InlineProgress<PipelineProgress>(p =>
            {
                if (!parse.GetValue(CliOptions.Json) && (p.Status != "running" || p.Step == p.Steps || p.Step % 10 == 0))
                    Console.Error.WriteLine(p.Steps > 0 ? $"[{p.Stage}] step {p.Step}/{p.Steps}" : $"[{p.Stage}] {p.Status}");
            }), ct);
            if (parse.GetValue(CliOptions.Json))
                CliOutput.WriteJson(new { run = result.Run, stages = result.Stages, skipped = result.Skipped, report = result.ReportMarkdown, chart = result.Chart });
            else
            {
                Console.Out.Write(File.ReadAllText(result.ReportMarkdown));
                Console.Out.WriteLine($"run folder: {result.Run}");
            }
            return 0;
        });
        var command = new Command("pipeline", "Multi-stage training recipes.");
        command.Subcommands.Add(r1);
        return command;
    }
}
