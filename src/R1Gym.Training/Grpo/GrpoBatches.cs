using R1Gym.Gym;
using static TorchSharp.torch;

namespace R1Gym.Training;

/// <summary>One prompt's G completions, their rewards and group-relative advantages.</summary>
internal sealed record GrpoGroup(IReadOnlyList<int> Prompt, int[][] Completions, string[] Finishes, RewardBreakdown[] Rewards, float[] Advantages)
{
    public bool Informative => DynamicSampling.InformativeGroups(Rewards.Select(r => r.Total).ToList(), Rewards.Length)[0];

    public IEnumerable<GrpoSample> Samples(bool overlongFiltering) =>
        Completions.Select((c, k) => new GrpoSample(Prompt, c, Advantages[k], !(overlongFiltering && Finishes[k] == "length")));
}

internal sealed record GrpoSample(IReadOnlyList<int> Prompt, int[] Completion, float Advantage, bool Counts);

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
        var data = SequenceBatch.Build(samples.Select(s => s.Prompt).ToList(), samples.Select(s => (IReadOnlyList<int>)s.Completion).ToList(), padId, device);
        var advantages = tensor(samples.Select(s => s.Advantage).ToArray(), ScalarType.Float32, device);          // [B]
        var counts = tensor(samples.Select(s => s.Counts ? 1f : 0f).ToArray(), ScalarType.Float32, device);     // [B]
        var mask = data.LossMask * counts.unsqueeze(1);                                                          // [B, L-1]
        counts.Dispose();
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
