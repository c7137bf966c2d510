using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using R1Gym.Training;
using R1Gym.Recipes.Demo;
using Spectre.Console;

namespace R1Gym.Cli.Commands;

/// <summary><c>r1gym demo</c>: SFT cold start, evaluation, GRPO, evaluation, a short report (the README's main command).</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var device = new Option<string>("--device") { Description = "cpu (the default preset), cuda (the larger GPU preset) or auto.", DefaultValueFactory = _ => "cpu" };
        var seed = new Option<long?>("--seed") { Description = "Seed of everything (default: 0)." };
        var output = new Option<string?>("--output", "-o") { Description = "Folder for metrics, plots and the model (default: runs/demo).", HelpName = "dir" };
        var command = new Command("demo",
            "Train a small model from scratch on a CPU in minutes: cold-start SFT on worked solutions, GRPO on the verifier's reward, " +
            "held-out accuracy before and after RL, reward and length curves as PNG. The figures do not depend on the machine: it counts steps and " +
            "pins libtorch's CPU kernels (Demo:CpuKernels, default avx2). Override any knob with --set Demo:Name=Value (see 'r1gym config show Demo').")
        {
            device, seed, output,
        };
        command.Subcommands.Add(GameDemoCommand.Create());
        command.SetAction(async (parse, ct) =>
        {
            using var host = CliHost.Build(parse);
            var requested = parse.GetValue(device)!;
            var options = requested == "cuda" ? DemoOptions.CudaPreset() : new DemoOptions { Device = requested };
            host.Services.GetRequiredService<IConfiguration>().GetSection(DemoOptions.SectionName).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
            options.Device = requested;
            if (parse.GetValue(seed) is { } s)
                options.Seed = s;
            if (parse.GetValue(output) is { } o)
                options.OutputDirectory = o;
            CliChecks.OutputFolder(options.OutputDirectory, "--output");
            var pipeline = host.Services.GetRequiredService<DemoPipeline>();
            bool json = parse.GetValue(CliOptions.Json);
            var report = json
                ? await pipeline.RunAsync(options, null, ct)
                : await TrainingDisplay.RunDemoAsync(progress => pipeline.RunAsync(options, progress, ct));
            if (json)
                CliOutput.WriteJson(Json(report));
            else
                WriteReport(report);
            return 0;
        });
        return command;
    }

    private static object Json(DemoReport r) => new
    {
        accuracy_after_sft = Math.Round(r.AccuracyAfterSft, 4),
        accuracy_after_grpo = Math.Round(r.AccuracyAfterGrpo, 4),
        improvement_points = r.ImprovementPoints,
        grpo_beats_sft_by_5_points = r.GrpoBeatsSftBy5Points,
        heldout_problems = r.HeldoutProblems,
        seconds = Math.Round(r.Seconds, 1),
        task = r.Task,
        device = r.Device,
        cpu_kernels = r.CpuKernels,
        cut_short = r.CutShort,
        model_parameters = r.ModelParameters,
        format_after_sft = Math.Round(r.FormatAfterSft, 4),
        format_after_grpo = Math.Round(r.FormatAfterGrpo, 4),
        sft_steps = r.SftSteps,
        grpo_steps = r.GrpoSteps,
        grpo_steps_planned = r.GrpoStepsPlanned,
        sft_seconds = Math.Round(r.SftSeconds, 1),
        grpo_seconds = Math.Round(r.GrpoSeconds, 1),
        metrics = r.MetricsPath,
        plots = r.Plots,
        benchmark_shape = r.BenchmarkShape,
        benchmark_trained_tokens_per_second = r.BenchmarkTrainedTokensPerSecond is { } b ? Math.Round(b, 1) : (double?)null,
    };

    private static void WriteReport(DemoReport r)
    {
        static string Pct(double x) => (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        var verdict = r.GrpoBeatsSftBy5Points
            ? $"GRPO beats SFT alone by {r.ImprovementPoints:+0.0;-0.0} points (the bar is 5)"
            : $"GRPO changed accuracy by {r.ImprovementPoints:+0.0;-0.0} points: it did NOT beat SFT alone by 5 points this time";
        Console.Out.WriteLine($"R1Gym demo: {r.Task}, {r.ModelParameters:N0} parameters, {r.Device}, kernels {r.CpuKernels}");
        Console.Out.WriteLine($"  cold-start SFT  {r.SftSteps,5} steps  {r.SftSeconds,6:F0} s");
        Console.Out.WriteLine($"  GRPO            {r.GrpoSteps,5} steps  {r.GrpoSeconds,6:F0} s");
        Console.Out.WriteLine($"  held-out accuracy, {r.HeldoutProblems} problems never trained on, greedy decoding:");
        Console.Out.WriteLine($"    after SFT   {Pct(r.AccuracyAfterSft),6}   (well-formed {Pct(r.FormatAfterSft)})");
        Console.Out.WriteLine($"    after GRPO  {Pct(r.AccuracyAfterGrpo),6}   (well-formed {Pct(r.FormatAfterGrpo)})");
        Console.Out.WriteLine($"  {verdict}.");
        if (r.CutShort is { } cut)
            Console.Out.WriteLine($"  WARNING: cut short ({cut}): these figures depend on this machine's speed and differ from the README's.");
        if (r.BenchmarkTrainedTokensPerSecond is { } tps)
            Console.Out.WriteLine($"  training throughput, {r.BenchmarkShape} shape: {tps:N0} trained tokens/s");
        Console.Out.WriteLine($"  metrics: {r.MetricsPath}");
        foreach (var plot in r.Plots)
            Console.Out.WriteLine($"  plot:    {plot}");
        Console.Out.WriteLine($"  total {TimeSpan.FromSeconds(r.Seconds):m\\m\\ ss\\s}");
    }
}
