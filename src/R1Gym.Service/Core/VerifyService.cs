using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Service.Hosting;

namespace R1Gym.Service.Core;

/// <summary>
/// One completion to verify. The problem is named by (<see cref="Seed"/>, <see cref="Index"/>) of <see cref="Task"/>,
/// or given by its reference <see cref="Answer"/> (then the task's verifier compares against that answer).
/// </summary>
public sealed record VerifyItem(string Task, string Completion)
{
    public long Seed { get; init; }

    public int? Index { get; init; }

    public string? Answer { get; init; }

    public JsonObject? Options { get; init; }

    /// <summary>The completion's length in tokens, for the length penalty (default: characters).</summary>
    public int? Tokens { get; init; }
}

/// <summary>The verdict and the composed reward of one item.</summary>
public sealed record VerifyOutcome(Verdict Verdict, RewardBreakdown Reward, string? FinalAnswer);

/// <summary>An item's outcome, or the error that kept it from one (the other items of its batch are unaffected).</summary>
public sealed record VerifyItemResult(VerifyOutcome? Outcome, ApiException? Error);

/// <summary>
/// Verifies completions against the gym's tasks and composes their rewards, each item through the <see cref="ItemGate"/>.
/// Endpoints of every API family call this; so will a cluster grain (issue 20).
/// </summary>
public sealed class VerifyService
{
    private const int MaxCachedInstances = 256;
    private readonly ITaskRegistry _registry;
    private readonly RewardComposer _rewards;
    private readonly ItemGate _gate;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, TaskInstance> _instances = new(StringComparer.Ordinal);

    public VerifyService(ITaskRegistry registry, RewardComposer rewards, ItemGate gate, ILogger<VerifyService> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(gate);
        (_registry, _rewards, _gate) = (registry, rewards, gate);
        _registry.Reloaded += (_, _) => _instances.Clear();
    }

    /// <summary>Verifies every item; results keep the items' order, and a failing item gets an error result of its own.</summary>
    public async Task<IReadOnlyList<VerifyItemResult>> VerifyAllAsync(IReadOnlyList<VerifyItem?> items, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(items);
        _gate.Admit(items.Count);
        var results = new VerifyItemResult[items.Count];
        await Task.WhenAll(items.Select(async (item, i) =>
        {
            try
            {
                results[i] = new(await VerifyAsync(item ?? throw ApiException.BadRequest("the item is missing"), ct).ConfigureAwait(false), null);
            }
            catch (ApiException e)
            {
                results[i] = new(null, e);
            }
            catch (R1GymException e)
            {
                results[i] = new(null, ErrorMapping.FromDomain(e));
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // A verifier bug fails its own item, never the batch.
                _logger.LogError(e, "Verifying item {Item} of task {Task} failed", i, item?.Task);
                results[i] = new(null, new ApiException(500, "internal_error", "the verifier failed on this item; the server log has the details"));
            }
        })).ConfigureAwait(false);
        return results;
    }

    /// <summary>Verifies one item; throws <see cref="ApiException"/> or <see cref="R1GymException"/> for a bad item.</summary>
    public Task<VerifyOutcome> VerifyAsync(VerifyItem item, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        var task = Instance(item.Task, item.Options).RequireTask();
        Problem problem;
        if (item.Answer is not null)
            problem = new Problem("", item.Answer);
        else if (item.Index is { } index and >= 0)
            problem = task.Generate(item.Seed, index);
        else
            throw ApiException.BadRequest($"item for '{item.Task}' needs either 'index' (with 'seed', default 0) or 'answer', found {(item.Index is null ? "neither" : $"index {item.Index}")}");
        return _gate.RunAsync(async token =>
        {
            var verdict = await task.VerifyAsync(new VerifyArgs(problem, item.Completion), token).ConfigureAwait(false);
            var reward = _rewards.Compose(new RewardInput(item.Completion, verdict) { CompletionTokens = item.Tokens });
            return new VerifyOutcome(verdict, reward, Answers.Extract(item.Completion));
        }, ct);
    }

    /// <summary>The task created with <paramref name="options"/>, cached per (id, options).</summary>
    public TaskInstance Instance(string id, JsonObject? options)
    {
        if (string.IsNullOrWhiteSpace(id))
            throw ApiException.BadRequest("'task' is required: a task id such as \"math/addition-v1\" (GET /v1/tasks lists them)");
        string key = id + "\n" + (options?.ToJsonString() ?? "");
        if (_instances.TryGetValue(key, out var cached))
            return cached;
        var instance = _registry.Create(id, options);
        if (_instances.Count >= MaxCachedInstances)
            _instances.Clear();
        return _instances.GetOrAdd(key, instance);
    }
}
