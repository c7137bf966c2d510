using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using R1Gym.Recipes.Demo;

namespace R1Gym.Cli.Commands;

/// <summary><c>r1gym demo game</c>: SFT on reference episodes, multi-turn GRPO, held-out win rate before and after.</summary>
internal static class GameDemoCommand
{
    public static Command Create()
    {
        var device = new Option<string>("--device") { Description = "cpu (the default preset), cuda (the larger GPU preset) or auto.", DefaultValueFactory = _ => "cpu" };
        var seed = new Option<long?>("--seed") { Description = "Seed of everything (default: 0)." };
        var output = new Option<string?>("--output", "-o") { Description = "Folder for metrics and plots (default: runs/demo-game).", HelpName = "dir" };
        var command = new Command("game",
            "Multi-turn RL from scratch on a CPU: a tiny model learns a higher/lower guessing game from reference episodes, then GRPO " +
            "trains it on whole games; held-out win rate before and after. Override any knob with --set GameDemo:Name=Value.")
        {
            device, seed, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var host = CliHost.Build(parse);
            var requested = parse.GetValue(device)!;
            var options = requested == "cuda" ? GameDemoOptions.CudaPreset() : new GameDemoOptions { Device = requested };
            host.Services.GetRequiredService<IConfiguration>().GetSection(GameDemoOptions.SectionName).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
            options.Device = requested;
            if (parse.GetValue(seed) is { } s)
                options.Seed = s;
            if (parse.GetValue(output) is { } o)
                options.OutputDirectory = o;
            bool json = parse.GetValue(CliOptions.Json);
            var report = await new GameDemo().RunAsync(options, null, ct);
            if (json)
                CliOutput.WriteJson(new
                {
                    env = report.Environment,
                    heldout_episodes = report.HeldoutEpisodes,
                    win_rate_after_sft = Math.Round(report.WinRateAfterSft, 4),
                    win_rate_after_grpo = Math.Round(report.WinRateAfterGrpo, 4),
                    return_after_sft = Math.Round(report.ReturnAfterSft, 4),
                    return_after_grpo = Math.Round(report.ReturnAfterGrpo, 4),
                    seconds = Math.Round(report.Seconds, 1),
                    improvement_points = report.ImprovementPoints,
                    turns_after_sft = Math.Round(report.TurnsAfterSft, 3),
                    turns_after_grpo = Math.Round(report.TurnsAfterGrpo, 3),
                    sft_steps = report.SftSteps,
                    grpo_steps = report.GrpoSteps,
                    device = report.Device,
                    model_parameters = report.ModelParameters,
                    metrics = report.MetricsPath,
                    plots = report.Plots,
                });
            else
                Write(report);
            return 0;
        });
        return command;
    }

    private static void Write(GameDemoReport r)
    {
        static string Pct(double x) => (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        Console.Out.WriteLine($"R1Gym game demo: {r.Environment}, {r.ModelParameters:N0} parameters, {r.Device}");
        Console.Out.WriteLine($"  SFT on reference episodes {r.SftSteps} steps, multi-turn GRPO {r.GrpoSteps} steps");
        Console.Out.WriteLine($"  {r.HeldoutEpisodes} held-out games, greedy: win rate {Pct(r.WinRateAfterSft)} after SFT, {Pct(r.WinRateAfterGrpo)} after GRPO ({r.ImprovementPoints:+0.0;-0.0} points)");
        Console.Out.WriteLine($"  turns per game {r.TurnsAfterSft:F2} -> {r.TurnsAfterGrpo:F2}");
        Console.Out.WriteLine($"  metrics: {r.MetricsPath}");
        foreach (var plot in r.Plots)
            Console.Out.WriteLine($"  plot:    {plot}");
        Console.Out.WriteLine($"  total {TimeSpan.FromSeconds(r.Seconds):m\\m\\ ss\\s}");
    }
}
