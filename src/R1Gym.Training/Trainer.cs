using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using R1Gym.Abstractions;
using R1Gym.Model;

namespace R1Gym.Training;

/// <summary>One finished optimiser step, for live displays.</summary>
public sealed record TrainingProgress(int Step, int Steps, IReadOnlyDictionary<string, double> Metrics);

/// <summary>Why <see cref="Trainer.Train"/> returned.</summary>
public enum TrainingStop
{
    /// <summary>Every step of the options' <c>Steps</c> ran.</summary>
    Completed,
    /// <summary><see cref="Trainer.StopAfterStep"/> asked to stop (an early-stop criterion was met).</summary>
    EarlyStop,
    /// <summary>The <see cref="Trainer.TimeBudget"/> ran out; the last step was checkpointed.</summary>
    TimeBudget,
    /// <summary><see cref="Trainer.StopRequested"/> fired (the first Ctrl+C): the step in flight finished and was checkpointed.</summary>
    StopRequested,
}

/// <summary>Evaluation during training: every <paramref name="Every"/> steps (and at the last step) the metrics it returns join that step's row.</summary>
public sealed record TrainingEvaluation(int Every, Func<int, CancellationToken, IReadOnlyDictionary<string, double>> Evaluate);

/// <summary>
/// The one training loop SFT, GRPO and token distillation share: time budget, graceful stop and cancellation, the metrics
/// log, progress, evaluation every N steps, checkpoint cadence, a checkpoint when cut short, and resume checks. A trainer
/// supplies only its step (<see cref="RunStep"/>) and what its checkpoint holds.
/// </summary>
public abstract class Trainer : IDisposable
{
    /// <summary>Options that may differ on resume without changing what the remaining steps compute.</summary>
    private static readonly HashSet<string> ResumableChanges = ["Steps", "CheckpointEvery"];

    protected Trainer(string name, ILogger? logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The name checkpoints carry ("sft", "grpo", "distill"): a checkpoint resumes only in the trainer that wrote it.</summary>
    public string Name { get; }

    /// <summary>Where checkpoints go; null writes none.</summary>
    public CheckpointStore? Checkpoints { get; init; }

    /// <summary>The JSONL metrics file; null writes none.</summary>
    public string? MetricsPath { get; init; }

    /// <summary>Stop after the step that crosses this much training time (a run with a deadline, like the demo); null: no limit.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Called after each step with the steps completed; returning true ends training there. Default: null.</summary>
    public Func<int, bool>? StopAfterStep { get; init; }

    /// <summary>Evaluation on held-out problems every N steps; null: none.</summary>
    public TrainingEvaluation? Evaluation { get; init; }

    /// <summary>When it fires, the step in flight finishes, a checkpoint is written and training returns (a graceful Ctrl+C).</summary>
    public CancellationToken StopRequested { get; init; }

    /// <summary>Optimiser steps completed so far.</summary>
    public int Step { get; private set; }

    /// <summary>Why the last <see cref="Train"/> returned.</summary>
    public TrainingStop StopReason { get; private set; }

    protected ILogger Logger { get; }

    /// <summary>The options' total step count.</summary>
    protected abstract int Steps { get; }

    /// <summary>Checkpoint every this many steps (and at the end); 0: only the final one.</summary>
    protected abstract int CheckpointEvery { get; }

    /// <summary>The options, as written into checkpoints and compared on resume.</summary>
    protected abstract object Options { get; }

    /// <summary>The trained model, its tokenizer and its optimiser: what a checkpoint holds besides the state.</summary>
    private protected abstract (CausalLM Model, ITextTokenizer Tokenizer, FlatAdamW Optimizer) Parts { get; }

    /// <summary>The trainer's position in its data stream, saved with each checkpoint.</summary>
    protected virtual long Cursor => (long)Step * BatchSize;

    /// <summary>Examples per step, for the default <see cref="Cursor"/>.</summary>
    protected virtual int BatchSize => 0;

    /// <summary>Runs optimiser step number <see cref="Step"/> (0-based) and returns its metrics.</summary>
    protected abstract IReadOnlyDictionary<string, double> RunStep(CancellationToken cancellationToken);

    /// <summary>Called once before the first step of <see cref="Train"/> and before a checkpoint's weights load.</summary>
    protected virtual void Prepare() { }

    /// <summary>Restores what the trainer keeps besides the step (GRPO: its prompt cursor).</summary>
    protected virtual void Restore(TrainerState state) { }

    /// <summary>Runs until the options' <c>Steps</c>, the time budget, a stop request or cancellation; returns the metrics of every step run.</summary>
    /// <param name="cancellationToken">Aborts at once (between steps), without a checkpoint; use <see cref="StopRequested"/> to stop gracefully.</param>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> Train(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Prepare();
        using var log = MetricsPath is null ? null : new MetricsLog(MetricsPath, Step > 0 ? Step : null);
        var history = new List<IReadOnlyDictionary<string, double>>();
        var clock = Stopwatch.StartNew();
        StopReason = TrainingStop.Completed;
        int? savedStep = Checkpoints?.Latest() is { } latest ? CheckpointStore.ReadState(latest).Step : null;
        while (Step < Steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (clock.Elapsed >= TimeBudget)
            {
                StopReason = TrainingStop.TimeBudget;
                break;
            }
            if (StopRequested.IsCancellationRequested)
            {
                StopReason = TrainingStop.StopRequested;
                break;
            }
            var metrics = new Dictionary<string, double>(RunStep(cancellationToken), StringComparer.Ordinal);
            Step++;
            if (Evaluation is { } evaluation && (Step == Steps || evaluation.Every > 0 && Step % evaluation.Every == 0))
                foreach (var (key, value) in evaluation.Evaluate(Step, cancellationToken))
                    metrics[key] = value;
            log?.Write(Step, metrics);
            history.Add(metrics);
            progress?.Report(new TrainingProgress(Step, Steps, metrics));
            if (Checkpoints is not null && (Step == Steps || CheckpointEvery > 0 && Step % CheckpointEvery == 0))
            {
                log?.Sync();
                SaveCheckpoint();
                savedStep = Step;
            }
            if (StopAfterStep?.Invoke(Step) == true)
            {
                StopReason = TrainingStop.EarlyStop;
                break;
            }
        }
        if (StopReason is TrainingStop.TimeBudget or TrainingStop.StopRequested)
            Logger.LogWarning("{Trainer} stopped at step {Step} of {Steps}: {Reason}", Name.ToUpperInvariant(), Step, Steps,
                StopReason == TrainingStop.TimeBudget ? $"the time budget of {TimeBudget} was spent" : "a stop was requested");
        // A run cut short keeps a checkpoint of its last step, so --resume continues from there (not when that step has one).
        if (Step < Steps && Checkpoints is not null && savedStep != Step)
        {
            log?.Sync();
            SaveCheckpoint();
        }
        return history;
    }

    /// <summary>
    /// Continues from a checkpoint written by this trainer: weights, optimiser moments, step and data cursor. Options that
    /// change the remaining steps and differ from the checkpoint's are named in a warning: the run will then not match an
    /// uninterrupted one.
    /// </summary>
    public void Resume(string checkpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpoint);
        var state = CheckpointStore.ReadState(checkpoint);
        if (state.Trainer != Name)
            throw new R1GymException($"Checkpoint '{checkpoint}' was written by the {state.Trainer} trainer; resume it with 'train {state.Trainer}'.");
        var changed = ChangedOptions(state.Options);
        if (changed.Count > 0)
            Logger.LogWarning("Resuming {Checkpoint} with changed options ({Changes}); the run will differ from an uninterrupted one. Pass the original --config / --set to continue exactly",
                checkpoint, string.Join(", ", changed));
        Prepare();
        var (model, _, optimizer) = Parts;
        CheckpointStore.LoadWeights(checkpoint, model);
        CheckpointStore.LoadOptimizer(checkpoint, optimizer);
        Step = state.Step;
        Restore(state);
        Logger.LogInformation("Resumed {Trainer} from {Checkpoint} at step {Step}", Name, checkpoint, Step);
    }

    /// <summary>Writes a checkpoint of the current step to <see cref="Checkpoints"/>; returns its folder.</summary>
    public string SaveCheckpoint()
    {
        var store = Checkpoints ?? throw new InvalidOperationException("No checkpoint store was given.");
        var (model, tokenizer, optimizer) = Parts;
        var options = JsonSerializer.SerializeToNode(Options, Options.GetType())!.AsObject();
        return store.Save(new TrainerState(Name, Step, Cursor, options), model, tokenizer, optimizer);
    }

    private List<string> ChangedOptions(JsonObject before)
    {
        var now = JsonSerializer.SerializeToNode(Options, Options.GetType())!.AsObject();
        return now.Where(kv => !ResumableChanges.Contains(kv.Key) && before.TryGetPropertyValue(kv.Key, out var old) && !JsonNode.DeepEquals(old, kv.Value))
            .Select(kv => $"{kv.Key} {before[kv.Key]?.ToJsonString()} -> {kv.Value?.ToJsonString()}").ToList();
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees what the trainer owns (its optimiser, a frozen reference model).</summary>
    protected virtual void Dispose(bool disposing) { }
}
