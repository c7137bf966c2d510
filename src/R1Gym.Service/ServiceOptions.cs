using System.ComponentModel.DataAnnotations;

namespace R1Gym.Service;

/// <summary>Configuration section <c>Service</c> of <c>r1gym serve</c>. Every default is written here.</summary>
public sealed class ServiceOptions
{
    public const string SectionName = "Service";

    /// <summary>
    /// The bearer key every request must carry (<c>Authorization: Bearer &lt;key&gt;</c>, or <c>?api_key=&lt;key&gt;</c>
    /// for clients that cannot send headers). Default null: no authentication (bind to loopback only).
    /// <c>r1gym serve</c> sets it from <c>R1GYM_API_KEY</c> or <c>--api-key-file</c>.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Largest request body in bytes; larger ones get 413. Default 8 MiB.</summary>
    [Range(1024, 1L << 31)]
    public long MaxRequestBytes { get; set; } = 8L << 20;

    /// <summary>Most items (verify items, problems, reward queries) in one request; more get 413. Default 1024.</summary>
    [Range(1, 1_000_000)]
    public int MaxItemsPerRequest { get; set; } = 1024;

    /// <summary>Items verified or run at once. Default 0 = twice the sandbox pool (what <c>sandbox batch</c> keeps in flight).</summary>
    [Range(0, 10_000)]
    public int MaxConcurrentItems { get; set; }

    /// <summary>Items waiting for a slot; a request that would queue more gets 429 with <c>Retry-After</c>. Default 4096.</summary>
    [Range(0, 1_000_000)]
    public int MaxQueuedItems { get; set; } = 4096;

    /// <summary>How long an item may wait for a slot before it is refused (504 with <c>Retry-After</c>). Default 30000 ms.</summary>
    [Range(1, 3_600_000)]
    public int QueueTimeoutMs { get; set; } = 30_000;

    /// <summary>Wall-clock limit of one item once it runs (verifier or sandbox); past it the item gets a time_limit error. Default 60000 ms.</summary>
    [Range(1, 3_600_000)]
    public int ItemTimeLimitMs { get; set; } = 60_000;

    /// <summary>Seconds an episode may stay unused before it expires. Default 600.</summary>
    [Range(1, 86_400)]
    public int EpisodeIdleSeconds { get; set; } = 600;

    /// <summary>Episodes open at once; starting one more gets 429. Default 10000.</summary>
    [Range(1, 10_000_000)]
    public int MaxEpisodes { get; set; } = 10_000;

    /// <summary>The concurrency in effect: <see cref="MaxConcurrentItems"/>, or twice the sandbox pool when that is 0.</summary>
    public int EffectiveConcurrency(int sandboxPoolSize) => MaxConcurrentItems > 0 ? MaxConcurrentItems : 2 * sandboxPoolSize;
}
