using R1Gym.Gym;
using static TorchSharp.torch;

namespace R1Gym.Training;

/// <summary>
/// One start's G episodes (for a single-turn task: one prompt's G completions), their rewards and group-relative advantages.
/// Each "completion" is everything after the first prompt; <see cref="PolicyMasks"/> marks the policy's own tokens in it.
/// </summary>
internal sealed record GrpoGroup(IReadOnlyList<int> Prompt, int[][] Completions, string[] Finishes, RewardBreakdown[] Rewards, float[] Advantages)
{
    /// <summary>Per completion, true for tokens the policy wrote; null: all of them (single-turn).</summary>
    public bool[][]? PolicyMasks { get; init; }

    /// <summary>The episodes this group was built from (metrics).</summary>
    public IReadOnlyList<Episode> Episodes { get; init; } = [];

    public bool Informative => DynamicSampling.InformativeGroups(Rewards.Select(r => r.Total).ToList(), Rewards.Length)[0];

    public IEnumerable<GrpoSample> Samples(bool overlongFiltering) =>
        Completions.Select((c, k) => new GrpoSample(Prompt, c, Advantages[k], !(overlongFiltering && Finishes[k] == "length") && c.Length > 0)
        {
            PolicyMask = PolicyMasks?[k],
        });

    /// <summary>G episodes from one start as a group: returns as rewards, masks from the episodes.</summary>
    public static GrpoGroup FromEpisodes(IReadOnlyList<Episode> episodes, float[] advantages, EpisodeReturn mode, double discount, int eosId)
    {
        var prompt = episodes[0].Tokens.Take(episodes[0].PromptTokens).ToArray();
        // An episode that never got a turn (its prompt alone passed the token budget) trains on nothing.
        var completions = episodes.Select(e => e.Tokens.Skip(e.PromptTokens).ToArray()).ToArray();
        var masks = episodes.Select(e => e.PolicyMask.Skip(e.PromptTokens).ToArray()).ToArray();
        // How the last turn's generation ended ("length" feeds DAPO's overlong filter, as a single-turn completion's does).
        var finishes = episodes.Select(e => e.LastFinish).ToArray();
        var rewards = episodes.Select(e => e.Breakdowns.Count == 1 && e.EnvironmentSteps == 1
            ? e.Breakdowns[0]
            : new RewardBreakdown(e.Return(mode, discount), e.Won ? 1 : 0, 0, 0, 0)).ToArray();
        return new GrpoGroup(prompt, completions, finishes, rewards, advantages) { PolicyMasks = masks, Episodes = episodes };
    }
}

/// <summary>One training sequence: the prompt, what followed it, its advantage, whether it counts, and which tokens the policy wrote.</summary>
internal sealed record GrpoSample(IReadOnlyList<int> Prompt, int[] Completion, float Advantage, bool Counts)
{
    /// <summary>Per completion token, true when the policy wrote it (trained); null: every completion token.</summary>
    public bool[]? PolicyMask { get; init; }
}

/// <summary>A micro-batch's tensors; the loss mask leaves out prompt, padding and filtered completions.</summary>
internal sealed class GrpoMicroBatch : IDisposable
{
    private GrpoMicroBatch(SequenceBatch data, Tensor advantages, Tensor mask, double tokens) =>
        (Data, Advantages, Mask, Tokens) = (data, advantages, mask, tokens);

    public SequenceBatch Data { get; }
    public Tensor Advantages { get; }                                                        // [B]
    public Tensor Mask { get; }                                                              // [B, L-1]
    public double Tokens { get; }
    public Tensor? OldLogProbs { get; set; }                                                 // [B, L-1]
    public Tensor? ReferenceLogProbs { get; set; }                                           // [B, L-1]

    public static GrpoMicroBatch Create(GrpoSample[] samples, int padId, Device device)
    {
        // An empty completion (an episode without a turn) gets one pad token, masked out below.
        var data = SequenceBatch.Build(samples.Select(s => s.Prompt).ToList(), samples.Select(s => (IReadOnlyList<int>)(s.Completion.Length > 0 ? s.Completion : [padId])).ToList(), padId, device);
        var advantages = tensor(samples.Select(s => s.Advantage).ToArray(), ScalarType.Float32, device);          // [B]
        var counts = tensor(samples.Select(s => s.Counts ? 1f : 0f).ToArray(), ScalarType.Float32, device);     // [B]
        var mask = data.LossMask * counts.unsqueeze(1);                                                          // [B, L-1]
        counts.Dispose();
        if (samples.Any(s => s.PolicyMask is not null))
        {
            // Environment and tool tokens are context: target t is token t + 1, so a completion token at position p + j is target p + j - 1.
            long length = mask.shape[1];
            var policy = new float[samples.Length * length];
            for (int i = 0; i < samples.Length; i++)
            {
                int p = samples[i].Prompt.Count;
                for (int j = 0; j < samples[i].Completion.Length; j++)
                    policy[i * length + p + j - 1] = samples[i].PolicyMask is { } m && !m[j] ? 0f : 1f;
            }
            using var policyMask = tensor(policy, [samples.Length, length], ScalarType.Float32, device);      // [B, L-1]
            var masked = mask * policyMask;                                                                      // [B, L-1]
            mask.Dispose();
            mask = masked;
        }
        return new GrpoMicroBatch(data, advantages, mask, mask.sum().item<float>());
    }

    public void Dispose()
    {
        Data.Dispose();
        Advantages.Dispose();
        Mask.Dispose();
        OldLogProbs?.Dispose();
        ReferenceLogProbs?.Dispose();
    }
}

internal sealed class GrpoTrainStats
{
    public double Loss, ClippedTokens, EntropySum, KlSum, GradNorm, LearningRate, Tokens;

    public void Add(GrpoTrainStats other)
    {
        Loss += other.Loss;
        ClippedTokens += other.ClippedTokens;
        EntropySum += other.EntropySum;
        KlSum += other.KlSum;
    }
}

internal sealed class GrpoPhaseTimes
{
    private readonly Lock _gate = new();
    public double Generate, Verify, VerifyWait, Train;

    public void AddVerify(double seconds)
    {
        lock (_gate)
            Verify += seconds;
    }
}
