using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using R1Gym.Abstractions;
using R1Gym.Service.Hosting;

namespace R1Gym.Service.Core;

/// <summary>
/// Open environment episodes, each an <see cref="IEnvironment"/> instance behind an unguessable id. Steps of one episode
/// run one at a time; an episode unused for <see cref="ServiceOptions.EpisodeIdleSeconds"/> expires.
/// </summary>
public sealed class EpisodeStore
{
    private readonly VerifyService _tasks;
    private readonly ItemGate _gate;
    private readonly ServiceOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Episode> _episodes = new(StringComparer.Ordinal);

    public EpisodeStore(VerifyService tasks, ItemGate gate, IOptions<ServiceOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        (_tasks, _gate, _options, _time) = (tasks, gate, options.Value, time);
    }

    /// <summary>Episodes open now.</summary>
    public int Count => _episodes.Count;

    /// <summary>Starts episode (seed, index) of environment <paramref name="envId"/> (single-turn tasks play as one-step episodes).</summary>
    public async Task<(string Id, Observation Observation)> StartAsync(string envId, long seed, int index, JsonObject? options, CancellationToken ct)
    {
        if (index < 0)
            throw ApiException.BadRequest($"'index' must be 0 or more, found {index}");
        var instance = _tasks.Instance(envId, options);
        if (_episodes.Count >= _options.MaxEpisodes && Sweep() == 0)
            throw new ApiException(429, "too_many_episodes", $"{_options.MaxEpisodes} episodes are open (Service:MaxEpisodes); end some with DELETE /v1/episodes/{{id}}") { RetryAfterSeconds = 1 };
        var environment = instance.CreateEnvironment();
        var observation = await _gate.RunAsync(async token => await environment.ResetAsync(seed, index, token).ConfigureAwait(false), ct).ConfigureAwait(false);
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _episodes[id] = new Episode(environment, instance.Descriptor.Id, _time.GetUtcNow());
        return (id, observation);
    }

    /// <summary>Applies <paramref name="action"/>; 404 for an unknown or expired episode, 409 once it has ended.</summary>
    public async Task<StepResult> StepAsync(string id, string action, CancellationToken ct)
    {
        var episode = Find(id);
        await episode.Lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (episode.Done)
                throw new ApiException(409, "episode_ended", $"episode '{id}' has ended; DELETE it and start another");
            var result = await _gate.RunAsync(async token => await episode.Environment.StepAsync(action, token).ConfigureAwait(false), ct).ConfigureAwait(false);
            episode.Done = result.Done;
            episode.LastUsed = _time.GetUtcNow();
            return result;
        }
        finally
        {
            episode.Lock.Release();
        }
    }

    /// <summary>Ends an episode; false when there was none.</summary>
    public bool End(string id) => _episodes.TryRemove(id, out _);

    /// <summary>Removes expired episodes and returns how many.</summary>
    public int Sweep()
    {
        int removed = 0;
        foreach (var (id, episode) in _episodes)
            if (Expired(episode) && _episodes.TryRemove(id, out _))
                removed++;
        return removed;
    }

    private Episode Find(string id)
    {
        if (!_episodes.TryGetValue(id, out var episode))
            throw ApiException.NotFound($"no episode '{id}': it was never started, has been deleted, or expired after {_options.EpisodeIdleSeconds} s unused (Service:EpisodeIdleSeconds)");
        if (Expired(episode))
        {
            _episodes.TryRemove(id, out _);
            throw ApiException.NotFound($"episode '{id}' expired after {_options.EpisodeIdleSeconds} s unused (Service:EpisodeIdleSeconds); start another");
        }
        return episode;
    }

    private bool Expired(Episode episode) => _time.GetUtcNow() - episode.LastUsed > TimeSpan.FromSeconds(_options.EpisodeIdleSeconds);

    private sealed class Episode(IEnvironment environment, string taskId, DateTimeOffset started)
    {
        public IEnvironment Environment { get; } = environment;

        public string TaskId { get; } = taskId;

        public SemaphoreSlim Lock { get; } = new(1, 1);

        public DateTimeOffset LastUsed { get; set; } = started;

        public bool Done { get; set; }
    }
}
