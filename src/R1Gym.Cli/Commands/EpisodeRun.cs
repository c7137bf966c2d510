using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;
using R1Gym.Training;

namespace R1Gym.Cli.Commands;

/// <summary><c>train grpo</c> on environments, mixtures (<c>--task a:0.5 --task b:0.5</c>) or with tools: multi-turn episodes.</summary>
internal static class EpisodeRun
{
    /// <summary>The <c>Episodes</c> section; a turn's token budget defaults to <c>Grpo:MaxNewTokens</c>.</summary>
    public static EpisodeOptions Options(IHost host, GrpoOptions grpo)
    {
        var section = host.Services.GetRequiredService<IConfiguration>().GetSection(EpisodeOptions.SectionName);
        var options = new EpisodeOptions { MaxTokensPerTurn = grpo.MaxNewTokens };
        section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        return options;
    }

    public static async Task<int> GrpoAsync(ParseResult parse, IHost host, TaskMixture mixture, EpisodeOptions episodes, GrpoOptions options,
        JsonObject? taskOptions, ILogger logger, CancellationToken ct)
    {
        var registry = host.Services.GetRequiredService<ITaskRegistry>();
        foreach (var entry in mixture.Entries.Where(e => registry.Get(e.Id).EvaluationOnly))
            throw new R1GymException($"Task '{entry.Id}' is an evaluation-only set; training on it would leak the held-out problems into the policy.");
        var rewards = host.Services.GetRequiredService<RewardComposer>();
        var format = ConversationFormat.FromTemplate(ChatTemplate.Load(parse.GetValue(ModelArguments.PromptFormat)!));
        var tools = episodes.Tools.Count == 0 ? null : new ToolBox(episodes.Tools.Select(registry.CreateTool), episodes.ToolLimits);
        // Task options apply to every task of the mixture.
        var tasks = EpisodeTasks.FromRegistry(registry, mixture, taskOptions is null ? null : mixture.Entries.ToDictionary(e => e.Id, _ => (JsonObject)taskOptions.DeepClone()));
        var id = string.Join("+", mixture.Entries.Select(e => $"{e.Id}:{e.Weight}"));
        using var run = TrainingRun.Open(parse, TrainCommands.RunPath(parse, "grpo"), new RunIdentity("grpo", id, taskOptions, parse.GetValue(ModelArguments.PromptFormat)));
        var checkpoint = TrainingRun.Checkpoint(parse, run);
        var (model, tokenizer) = TrainCommands.LoadModel(parse);
        using var _ = model;
        if (episodes.MaxEpisodeTokens > model.Config.MaxPositionEmbeddings)
            episodes.MaxEpisodeTokens = model.Config.MaxPositionEmbeddings;
        using var trainer = new GrpoTrainer(options, model, tokenizer, tasks, format, episodes, logger, rewards, tools)
        {
            Checkpoints = new CheckpointStore(run.Checkpoints),
            MetricsPath = run.Metrics,
            TimeBudget = ModelArguments.Budget(parse),
            StopRequested = Interrupts.StopRequested,
        };
        if (checkpoint is not null)
            trainer.Resume(checkpoint);
        await TrainingRun.Train(parse, run, "GRPO", trainer, options.Steps, ct);
        return TrainingRun.Finish(parse, run, model, tokenizer, trainer, checkpoint,
            [.. MetricsPlotter.DefaultMetrics, "episode/return_mean", "episode/win_rate", "episode/turns_mean"]);
    }
}
