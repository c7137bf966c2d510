using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;
using static TorchSharp.torch;

namespace R1Gym.Training.Tests;

/// <summary>A tiny model and a toy task whose reward is the share of lowercase letters in the completion: seconds on a CPU.</summary>
internal static class TinyWorld
{
    public const string Prompt = "Q";

    public static ITextTokenizer Tokenizer() => TextTokenizer.TrainCharLevel(["Qab"], []);

    public static CausalLM Model(ITextTokenizer tokenizer, long seed = 1) => CausalLM.Create(new ModelConfig
    {
        VocabSize = tokenizer.VocabSize,
        HiddenSize = 32,
        IntermediateSize = 64,
        NumHiddenLayers = 1,
        NumAttentionHeads = 2,
        NumKeyValueHeads = 2,
        MaxPositionEmbeddings = 64,
        TieWordEmbeddings = true,
        AttentionBias = true,
        EosTokenId = tokenizer.EosId,
    }, CPU, ScalarType.Float32, seed);

    public static RewardComposer Rewards() => new(new RewardOptions { AccuracyWeight = 1, FormatWeight = 0 });

    public static GrpoOptions Options(int steps) => new()
    {
        Steps = steps,
        PromptsPerStep = 4,
        GroupSize = 8,
        MaxNewTokens = 4,
        LearningRate = 3e-2,
        CheckpointEvery = 0,
        GenerationChunks = 2,
        Seed = 5,
    };

    /// <summary>The policy's probability of starting its answer with one of <paramref name="characters"/>.</summary>
    public static double ProbabilityOf(CausalLM model, ITextTokenizer tokenizer, string characters)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var ids = tensor(tokenizer.Encode(Prompt).Select(i => (long)i).ToArray()).unsqueeze(0);   // [1, T]
        var logits = model.forward(ids, null);                                                      // [1, T, V]
        var last = logits[0, -1].softmax(-1);                                                       // [V]
        return characters.Sum(c => (double)last[tokenizer.Encode(c.ToString())[0]].item<float>());
    }

    public const string Lowercase = "abcdefghijklmnopqrstuvwxyz";
}

/// <summary>Reward: the share of lowercase ASCII letters in the completion (about one token in ten at random, so groups differ).</summary>
internal sealed class LowercaseTask : IReasoningTask
{
    public Problem Generate(long seed, int index) => new(TinyWorld.Prompt, "a") { Key = new ProblemKey(seed, index) };

    public ValueTask<Verdict> VerifyAsync(VerifyArgs args, CancellationToken cancellationToken = default)
    {
        var text = args.Completion ?? "";
        double share = text.Length == 0 ? 0 : text.Count(char.IsAsciiLetterLower) / (double)text.Length;
        return ValueTask.FromResult(Verdict.Partial(share, $"{share:P0} lowercase"));
    }

    public string? Solve(Problem problem) => "aaaa";
}
