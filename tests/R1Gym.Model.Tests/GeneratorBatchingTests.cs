using static TorchSharp.torch;

namespace R1Gym.Model.Tests;

/// <summary>Shared prompts, bucketed attention and dropping finished rows change the cost of generation, never its result.</summary>
public sealed class GeneratorBatchingTests
{
    private static readonly ITextTokenizer Tokenizer = TextTokenizer.TrainCharLevel(["0123456789+= abc"], ["<think>"]);

    private static CausalLM Model() => CausalLM.Create(ModelConfig.Preset("tiny") with
    {
        VocabSize = Tokenizer.VocabSize, NumHiddenLayers = 2, HiddenSize = 64, IntermediateSize = 128,
    }, CPU, ScalarType.Float32, seed: 3);

    // Problem-major, as the GRPO trainer asks: G samples of each prompt side by side; prompts of different lengths.
    private static IReadOnlyList<IReadOnlyList<int>> Grouped(int g) =>
        new[] { "12+3=", "7", "abc abc" }.SelectMany(p => Enumerable.Repeat((IReadOnlyList<int>)Tokenizer.Encode(p), g)).ToList();

    [Fact]
    public void Shared_prompts_sample_the_same_tokens_and_log_probs_as_repeated_prompts()
    {
        using var model = Model();
        var options = new SamplingOptions { MaxNewTokens = 20, Seed = 11, IgnoreEos = true };

        var repeated = Generator.Generate(model, Tokenizer, Grouped(4), options with { SharePrompts = false });
        var shared = Generator.Generate(model, Tokenizer, Grouped(4), options);

        shared.Tokens.Should().BeEquivalentTo(repeated.Tokens, o => o.WithStrictOrdering());
        for (int b = 0; b < shared.LogProbs.Length; b++)
            shared.LogProbs[b].Should().Equal(repeated.LogProbs[b], (x, y) => Math.Abs(x - y) < 1e-5f);
        shared.Tokens.Take(4).Distinct(new SequenceComparer()).Should().HaveCountGreaterThan(1, "the G samples of one prompt differ");
    }

    [Fact]
    public void Greedy_tokens_past_several_attention_buckets_match_a_full_forward_pass()
    {
        using var model = Model();
        var prompts = Grouped(2);
        int n = Generator.AttentionBucket * 2 + 5;

        var result = Generator.Generate(model, Tokenizer, prompts, new SamplingOptions { Temperature = 0, MaxNewTokens = n, IgnoreEos = true });

        using var grad = no_grad();
        for (int b = 0; b < prompts.Count; b += 2)
        {
            result.Tokens[b].Should().HaveCount(n);
            var all = prompts[b].Concat(result.Tokens[b]).Select(i => (long)i).ToArray();
            using var predicted = model.forward(tensor(all).unsqueeze(0), null).squeeze(0).argmax(-1); // [T]
            var expected = predicted.data<long>().Skip(prompts[b].Count - 1).Take(n).Select(i => (int)i);
            result.Tokens[b].Should().Equal(expected);
        }
    }

    [Fact]
    public void Dropping_finished_rows_keeps_every_row_s_greedy_tokens()
    {
        using var model = Model();
        var prompts = Grouped(3);
        int[] limits = [3, 40, 5, 8, 2, 40, 6, 33, 4];
        var options = new SamplingOptions { Temperature = 0, MaxNewTokens = 40, IgnoreEos = true, CheckEvery = 2, RowLimits = limits, CompactFinished = true };

        var full = Generator.Generate(model, Tokenizer, prompts, options with { RowLimits = null });
        var compacted = Generator.Generate(model, Tokenizer, prompts, options);

        for (int b = 0; b < prompts.Count; b++)
        {
            compacted.Tokens[b].Should().Equal(full.Tokens[b].Take(limits[b]), $"row {b} keeps its first {limits[b]} tokens");
            compacted.LogProbs[b].Should().Equal(full.LogProbs[b].Take(limits[b]), (x, y) => Math.Abs(x - y) < 1e-4f);
            compacted.FinishReasons[b].Should().Be("length");
        }
    }

    [Fact]
    public void A_sampled_run_that_drops_finished_rows_is_reproducible()
    {
        using var model = Model();
        var options = new SamplingOptions { MaxNewTokens = 30, Seed = 4, IgnoreEos = true, CheckEvery = 3, RowLimits = [2, 30, 7, 30, 3, 9], CompactFinished = true };

        var a = Generator.Generate(model, Tokenizer, Grouped(2), options);
        var b = Generator.Generate(model, Tokenizer, Grouped(2), options);

        a.Tokens.Should().BeEquivalentTo(b.Tokens, o => o.WithStrictOrdering());
        a.Tokens.Select(t => t.Length).Should().Equal(2, 30, 7, 30, 3, 9);
    }

    private sealed class SequenceComparer : IEqualityComparer<int[]>
    {
        public bool Equals(int[]? x, int[]? y) => x!.SequenceEqual(y!);

        public int GetHashCode(int[] obj) => obj.Length;
    }
}
