using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;
using R1Gym.Training;
using R1Gym.Recipes.Demo;
using R1Gym.Training.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Cli.Commands;

/// <summary>
/// <c>r1gym eval --model &lt;dir&gt; --task &lt;id|set&gt;... --samples k</c>: pass@1 from k samples at R1's settings
/// (temperature 0.6, top-p 0.95), unbiased pass@k, maj@k and greedy accuracy, per task and overall; writes report.json,
/// report.md, scores.png and samples.jsonl. Knobs: the <c>Eval</c> section, then the flags.
/// </summary>
internal static partial class EvalCommands
{

    public static Command Create()
    {
        var model = ModelArguments.Model("--model", "Model folder: config.json + safetensors + tokenizer.json.");
        var tasks = new Option<string[]>("--task", "-t")
        {
            Description = $"Task ids or task sets ({string.Join(", ", TaskSets.All.Keys)}); repeatable.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var samples = new Option<int?>("--samples", "-k") { Description = "k, samples per problem (default: Eval:Samples = 4)." };
        var temperature = new Option<double?>("--temperature") { Description = "Sampling temperature (default 0.6, R1's setting)." };
        var topP = new Option<double?>("--top-p") { Description = "Nucleus sampling (default 0.95, R1's setting)." };
        var maxTokens = new Option<int?>("--max-new-tokens") { Description = "Generation budget per completion (default 1024)." };
        var maxProblems = new Option<int?>("--max-problems") { Description = "Problems per task at most (default 200)." };
        var noGreedy = new Option<bool>("--no-greedy") { Description = "Skip the greedy decoding pass." };
        var output = new Option<string?>("--output", "-o") { Description = "Report folder, overwritten (default: a new runs/eval/<model folder name>[-N] each time).", HelpName = "dir" };
        var taskOptions = TaskArguments.TaskOptions();
        taskOptions.Description = "Options of every evaluated task as a JSON object, e.g. '{\"digits\": 3}' (default: each task's defaults).";
        var command = new Command("eval", "Evaluate a model: pass@1 from k samples (T=0.6, top-p 0.95), pass@k, maj@k, greedy; JSON + Markdown + plot.")
        {
            model, tasks, taskOptions, samples, temperature, topP, maxTokens, maxProblems, noGreedy, output, ModelArguments.Device, ModelArguments.PromptFormat,
            ModelArguments.ConfigFile,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var host = ModelArguments.Host(parse);
            var options = new EvalOptions();
            host.Services.GetRequiredService<IConfiguration>().GetSection(EvalOptions.SectionName).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
            options.Samples = parse.GetValue(samples) ?? options.Samples;
            options.Temperature = parse.GetValue(temperature) ?? options.Temperature;
            options.TopP = parse.GetValue(topP) ?? options.TopP;
            options.MaxNewTokens = parse.GetValue(maxTokens) ?? options.MaxNewTokens;
            options.MaxProblems = parse.GetValue(maxProblems) ?? options.MaxProblems;
            options.Greedy &= !parse.GetValue(noGreedy);
            if (parse.GetValue(output) is { } requestedFolder)
                CliChecks.OutputFolder(requestedFolder, "--output");
            var registry = host.Services.GetRequiredService<ITaskRegistry>();
            var expansion = TaskSets.Expand(parse.GetValue(tasks)!, registry);
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("R1Gym.Eval");
            if (expansion.Missing.Count > 0)
                logger.LogWarning("Not installed, left out of the report: {Missing}", string.Join(", ", expansion.Missing));
            var dir = parse.GetValue(model)!;
            var (lm, tokenizer) = ModelArguments.Load(dir, parse.GetValue(ModelArguments.Device)!);
            using var _ = lm;
            var optionsOfTasks = TaskArguments.ParseOptions(parse, taskOptions);
            var instances = expansion.Tasks.Select(id => (id, Instance: registry.Create(id, optionsOfTasks?.DeepClone().AsObject()))).ToList();
            var selected = instances.Where(t => t.Instance.IsSingleTurn).Select(t => (t.id, t.Instance.RequireTask())).ToList();
            // Multi-turn environments: mean return and win rate over held-out episodes, played greedily.
            var environments = EnvironmentScores(lm, tokenizer, instances.Where(t => !t.Instance.IsSingleTurn).ToList(), parse.GetValue(ModelArguments.PromptFormat)!, options, logger, ct);
            var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir)));
            var report = await EvaluationRun.RunAsync(name, lm, tokenizer, selected, ModelArguments.Renderer(parse.GetValue(ModelArguments.PromptFormat)!), options,
                new InlineProgress<string>(id => logger.LogInformation("Evaluating {Task}", id)), ct);
            var folder = Path.GetFullPath(parse.GetValue(output) ?? ReportFolders.Fresh(Path.Combine("runs", "eval"), dir));
            var files = EvalReportWriter.Write(report, folder);
            if (parse.GetValue(CliOptions.Json))
                CliOutput.WriteJson(new { report, environments, files, missing_tasks = expansion.Missing });
            else
            {
                Console.Out.Write(report.ToMarkdown());
                foreach (var e in environments)
                    Console.Out.WriteLine($"{e.TaskId}: {e.Episodes} held-out episodes, mean return {e.MeanReturn:F3}, win rate {e.WinRate:P1}, {e.TurnsMean:F2} turns");
                foreach (var file in files)
                    Console.Out.WriteLine($"wrote {file}");
            }
            return 0;
        });
        return command;
    }
}

internal static partial class EvalCommands
{
    /// <summary>The seed of held-out environment episodes: one no training stream of the CLI draws.</summary>
    private const long HeldoutEpisodeSeed = 1_000_003;

    private static List<EnvironmentScore> EnvironmentScores(CausalLM model, ITextTokenizer tokenizer, List<(string Id, TaskInstance Instance)> environments,
        string promptFormat, EvalOptions options, ILogger logger, CancellationToken ct)
    {
        if (environments.Count == 0)
            return [];
        var format = ConversationFormat.FromTemplate(ChatTemplate.Load(promptFormat));
        var episodes = new EpisodeOptions
        {
            MaxTokensPerTurn = Math.Min(options.MaxNewTokens, model.Config.MaxPositionEmbeddings / 2),
            MaxEpisodeTokens = model.Config.MaxPositionEmbeddings,
        };
        var runner = new EpisodeRunner(model, tokenizer, format, episodes);
        return environments.Select(e =>
        {
            logger.LogInformation("Evaluating {Task} over {Episodes} held-out episodes", e.Id, options.MaxProblems);
            return EnvironmentEvaluator.Evaluate(runner, e.Id, e.Instance.CreateEnvironment, HeldoutEpisodeSeed, options.MaxProblems, cancellationToken: ct);
        }).ToList();
    }
}
