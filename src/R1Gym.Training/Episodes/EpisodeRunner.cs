using System.Diagnostics;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;

namespace R1Gym.Training;

/// <summary>Where an episode starts: its own environment instance, and the (seed, index) it resets to.</summary>
/// <param name="Sample">Which of the G samples of (seed, index) this is.</param>
public sealed record EpisodeStart(string TaskId, IEnvironment Environment, long Seed, int Index, int Sample = 0);

/// <summary>Seconds spent per phase of a rollout (generation on the model, environment and tool steps, waiting on them).</summary>
public sealed class EpisodeTimes
{
    private readonly Lock _gate = new();
    public double Generate, Step, StepWait;

    internal void AddStep(double seconds)
    {
        lock (_gate)
            Step += seconds;
    }
}

/// <summary>
/// Plays many episodes at once with one policy. Each round, the live episodes are split into
/// <see cref="EpisodeOptions.GenerationChunks"/> fixed batches; each batch generates one turn for all its episodes in one
/// <see cref="Generator"/> call, then its environment steps and tool calls run in the background while the next batch
/// generates. Finished episodes drop out of the batches. The batches and seeds depend only on the inputs, never on timing,
/// so a rollout is reproducible.
/// </summary>
public sealed class EpisodeRunner
{
    private readonly CausalLM _policy;
    private readonly ITextTokenizer _tokenizer;
    private readonly ConversationFormat _format;
    private readonly EpisodeOptions _options;
    private readonly ToolBox? _tools;
    private readonly RewardComposer? _rewards;

    /// <param name="tools">The tools of "with tools" episodes; null: tool calls are plain text sent to the environment.</param>
    /// <param name="rewards">Shapes the reward of steps a verifier judged (single-turn tasks); null: the environment's reward.</param>
    public EpisodeRunner(CausalLM policy, ITextTokenizer tokenizer, ConversationFormat format, EpisodeOptions options, ToolBox? tools = null,
        RewardComposer? rewards = null)
    {
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        _format = format ?? throw new ArgumentNullException(nameof(format));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        var problems = options.Problems(policy.Config.MaxPositionEmbeddings);
        if (problems.Count > 0)
            throw new R1GymException($"Invalid {EpisodeOptions.SectionName} options: {string.Join("; ", problems)}.");
        _tools = tools;
        _rewards = rewards;
    }

    /// <summary>Plays every start to its end. <paramref name="sampling"/>'s token budget and seed are replaced per turn.</summary>
    public IReadOnlyList<Episode> Run(IReadOnlyList<EpisodeStart> starts, SamplingOptions sampling, long seed, EpisodeTimes? times = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(starts);
        ArgumentNullException.ThrowIfNull(sampling);
        times ??= new EpisodeTimes();
        var live = starts.Select(s => (Start: s, Episode: new Episode(s.TaskId, s.Seed, s.Index, s.Sample))).ToArray();
        Task.WhenAll(live.Select(l => ResetAsync(l.Start, l.Episode, cancellationToken))).GetAwaiter().GetResult();
        int chunks = Math.Max(1, Math.Min(_options.GenerationChunks, live.Length));
        var pending = Enumerable.Repeat(Task.CompletedTask, chunks).ToArray();
        var stops = _tools is null ? sampling.StopSequences : [.. sampling.StopSequences, ToolCallParser.Close];
        for (int round = 0; ; round++)
        {
            bool any = false;
            for (int c = 0; c < chunks; c++)
            {
                var wait = Stopwatch.StartNew();
                pending[c].GetAwaiter().GetResult();
                times.StepWait += wait.Elapsed.TotalSeconds;
                cancellationToken.ThrowIfCancellationRequested();
                var batch = Enumerable.Range(0, live.Length).Where(i => i % chunks == c && !live[i].Episode.Done).Select(i => live[i]).ToList();
                foreach (var over in batch.Where(b => b.Episode.Tokens.Count + _options.MaxTokensPerTurn > _options.MaxEpisodeTokens))
                    over.Episode.End("token_limit", terminated: false);
                batch.RemoveAll(b => b.Episode.Done);
                if (batch.Count == 0)
                    continue;
                any = true;
                var generate = Stopwatch.StartNew();
                var result = Generator.Generate(_policy, _tokenizer, batch.Select(b => (IReadOnlyList<int>)b.Episode.Tokens).ToList(), sampling with
                {
                    MaxNewTokens = _options.MaxTokensPerTurn,
                    Seed = DeterministicSeed.Combine(seed, (long)round * chunks + c),
                    StopSequences = stops,
                });
                times.Generate += generate.Elapsed.TotalSeconds;
                var texts = new string[batch.Count];
                for (int row = 0; row < batch.Count; row++)
                    texts[row] = AppendTurn(batch[row].Episode, result.Tokens[row], result.LogProbs[row], result.FinishReasons[row]);
                var finishes = result.FinishReasons;
                pending[c] = Task.Run(async () =>
                {
                    var clock = Stopwatch.StartNew();
                    for (int row = 0; row < batch.Count; row++)
                        await StepAsync(batch[row].Start, batch[row].Episode, texts[row], finishes[row], cancellationToken).ConfigureAwait(false);
                    times.AddStep(clock.Elapsed.TotalSeconds);
                }, cancellationToken);
            }
            if (!any)
                break;
        }
        return live.Select(l => l.Episode).ToList();
    }

    private async Task ResetAsync(EpisodeStart start, Episode episode, CancellationToken cancellationToken)
    {
        var observation = await start.Environment.ResetAsync(start.Seed, start.Index, cancellationToken).ConfigureAwait(false);
        var prompt = _tokenizer.Encode(_format.First(Cut(observation.Text), _tools?.SystemPrompt()));
        episode.Append(prompt, policy: false);
        episode.PromptTokens = prompt.Count;
        episode.LastInfo = observation.Info;
        if (prompt.Count == 0 || prompt.Count + _options.MaxTokensPerTurn > _options.MaxEpisodeTokens)
            episode.End("token_limit", terminated: false);
    }

    /// <summary>Appends the policy's tokens (ending in EOS when it chose to stop, as the single-turn trainer trains them); returns the action text.</summary>
    private string AppendTurn(Episode episode, int[] generated, float[] logProbs, string finish)
    {
        int eos = _tokenizer.EosId;
        bool endsWithEos = generated.Length > 0 && generated[^1] == eos;
        var tokens = finish == "eos" && !endsWithEos || generated.Length == 0 ? [.. generated, eos] : generated;
        episode.Append(tokens, policy: true, logProbs);
        episode.GeneratedTokens += generated.Length;
        episode.Turns++;
        if (finish == "length")
            episode.CutTurns++;
        episode.LastFinish = finish;
        var text = _tokenizer.Decode(generated.Where(t => t != eos));
        episode.Actions.Add(text);
        return text;
    }

    private async Task StepAsync(EpisodeStart start, Episode episode, string action, string finish, CancellationToken cancellationToken)
    {
        string observation;
        if (_tools is not null && ToolCallParser.HasToolCall(action))
        {
            var turn = await _tools.RunAsync(action, episode.ToolCalls, cancellationToken).ConfigureAwait(false);
            episode.ToolCalls += turn.Calls;
            episode.ToolErrors += turn.Errors;
            if (turn.EndEpisode)
            {
                episode.End("tool_limit", terminated: false);
                return;
            }
            observation = turn.Response;
            if (finish == "stop")
                episode.Append([_tokenizer.EosId], policy: false);   // closes the assistant turn the stop sequence cut
        }
        else
        {
            StepResult step;
            try
            {
                step = await start.Environment.StepAsync(action, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Environments must not throw on model output; one that does ends only its own episode.
                episode.End($"environment_error: {e.GetType().Name}", terminated: false);
                return;
            }
            Record(episode, step, action);
            if (step.Done)
                return;
            observation = step.Observation;
        }
        if (episode.Turns >= _options.MaxTurns)
        {
            episode.End("turn_limit", terminated: false);
            return;
        }
        episode.Append(_tokenizer.Encode(_format.Next(Cut(observation))), policy: false);
    }

    private void Record(Episode episode, StepResult step, string action)
    {
        episode.EnvironmentSteps++;
        double reward = step.Reward;
        if (_rewards is not null && step.Verdict is { } verdict)
        {
            var breakdown = _rewards.Compose(new RewardInput(action, verdict) { CompletionTokens = episode.GeneratedTokens });
            episode.Breakdowns.Add(breakdown);
            reward = breakdown.Total;
        }
        episode.Rewards.Add(reward);
        episode.LastInfo = step.Info;
        if (step.Info?["invalid"] is { } flag && flag.GetValueKind() == System.Text.Json.JsonValueKind.True)
            episode.InvalidActions++;
        else if (step.Info?["invalid_moves"] is { } moves && moves.GetValueKind() == System.Text.Json.JsonValueKind.Number)
            episode.InvalidActions = Math.Max(episode.InvalidActions, moves.GetValue<int>());
        if (!step.Done)
            return;
        episode.End(step.Terminated ? "terminated" : "truncated", step.Terminated);
        episode.Won = WonBy(step);
    }

    private static bool WonBy(StepResult step)
    {
        foreach (var key in new[] { "won", "solved" })
            if (step.Info?[key] is { } flag && flag.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
                return flag.GetValue<bool>();
        return step.Verdict?.IsCorrect ?? (step.Terminated && step.Reward >= 1.0);
    }

    private string Cut(string text)
    {
        text ??= "";
        int max = _options.MaxObservationChars;
        return text.Length <= max ? text : text[..max] + $"\n... [{text.Length - max} more characters cut]";
    }
}
