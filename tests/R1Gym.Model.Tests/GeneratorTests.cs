using static TorchSharp.torch;

namespace R1Gym.Model.Tests;

public sealed class GeneratorTests
{
    private static readonly ITextTokenizer Tokenizer = TextTokenizer.TrainCharLevel(["0123456789+= abc"], ["<think>"]);

    private static CausalLM Model(int layers = 2) => CausalLM.Create(ModelConfig.Preset("tiny") with
    {
        VocabSize = Tokenizer.VocabSize, NumHiddenLayers = layers, HiddenSize = 64, IntermediateSize = 128,
    }, CPU, ScalarType.Float32, seed: 3);

    private static IReadOnlyList<IReadOnlyList<int>> Prompts() => [Tokenizer.Encode("12+3="), Tokenizer.Encode("7"), Tokenizer.Encode("abc abc")];

    [Fact]
    public void Greedy_tokens_and_log_probs_match_a_full_forward_pass_over_each_finished_sequence()
    {
        using var model = Model();
        var prompts = Prompts();

        var result = Generator.Generate(model, Tokenizer, prompts, new SamplingOptions { Temperature = 0, MaxNewTokens = 6 });

        using var grad = no_grad();
        for (int b = 0; b < prompts.Count; b++)
        {
            var all = prompts[b].Concat(result.Tokens[b]).Select(i => (long)i).ToArray();
            using var logp = model.forward(tensor(all).unsqueeze(0), null).squeeze(0).log_softmax(-1); // [T, V]
            for (int i = 0; i < result.Tokens[b].Length; i++)
            {
                int pos = prompts[b].Count - 1 + i;
                logp[pos].argmax().item<long>().Should().Be(result.Tokens[b][i]);
                logp[pos, result.Tokens[b][i]].item<float>().Should().BeApproximately(result.LogProbs[b][i], 1e-4f);
            }
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_samples_and_another_seed_differs()
    {
        using var model = Model();
        var options = new SamplingOptions { MaxNewTokens = 12, Seed = 5, TopK = 20, TopP = 0.9f, Temperature = 1.3f };

        var a = Generator.Generate(model, Tokenizer, Prompts(), options);
        var b = Generator.Generate(model, Tokenizer, Prompts(), options);
        var c = Generator.Generate(model, Tokenizer, Prompts(), options with { Seed = 6 });

        a.Tokens.Should().BeEquivalentTo(b.Tokens, o => o.WithStrictOrdering());
        a.LogProbs.Should().BeEquivalentTo(b.LogProbs, o => o.WithStrictOrdering());
        c.Tokens.SelectMany(t => t).Should().NotEqual(a.Tokens.SelectMany(t => t));
    }

    [Fact]
    public void Top_k_of_one_samples_the_greedy_token()
    {
        using var model = Model();

        var greedy = Generator.Generate(model, Tokenizer, Prompts(), new SamplingOptions { Temperature = 0, MaxNewTokens = 5 });
        var topOne = Generator.Generate(model, Tokenizer, Prompts(), new SamplingOptions { TopK = 1, MaxNewTokens = 5, Seed = 9 });

        topOne.Tokens.Should().BeEquivalentTo(greedy.Tokens, o => o.WithStrictOrdering());
    }

    [Fact]
    public void A_stop_sequence_ends_the_sequence_after_the_token_that_completes_it()
    {
        using var model = Model();
        var free = Generator.Generate(model, Tokenizer, [Tokenizer.Encode("1")], new SamplingOptions { Temperature = 0, MaxNewTokens = 8 });
        string text = Tokenizer.Decode(free.Tokens[0]);
        string stop = text.Substring(2, 2);

        var stopped = Generator.Generate(model, Tokenizer, [Tokenizer.Encode("1")], new SamplingOptions { Temperature = 0, MaxNewTokens = 8, StopSequences = [stop], CheckEvery = 3 });

        stopped.FinishReasons[0].Should().Be("stop");
        Tokenizer.Decode(stopped.Tokens[0]).Should().EndWith(stop);
        stopped.Tokens[0].Should().Equal(free.Tokens[0].Take(stopped.Tokens[0].Length));
        stopped.LogProbs[0].Should().HaveCount(stopped.Tokens[0].Length);
    }

    [Fact]
    public void Eos_ends_a_sequence_and_is_kept_as_its_last_token()
    {
        using var model = Model();
        var free = Generator.Generate(model, Tokenizer, Prompts(), new SamplingOptions { Temperature = 0, MaxNewTokens = 6 });
        int eos = free.Tokens[0][2];
        using var withEos = CausalLM.Create(model.Config with { EosTokenId = eos }, CPU, ScalarType.Float32, seed: 3);

        var result = Generator.Generate(withEos, Tokenizer, Prompts(), new SamplingOptions { Temperature = 0, MaxNewTokens = 6 });

        result.FinishReasons[0].Should().Be("eos");
        result.Tokens[0][^1].Should().Be(eos);
        result.Tokens[0].Should().Equal(free.Tokens[0].Take(result.Tokens[0].Length));
        result.Tokens[0].Count(t => t == eos).Should().Be(1);
    }

    [Fact]
    public void Without_eos_or_stop_every_sequence_runs_to_the_length_limit()
    {
        using var model = Model();

        var result = Generator.Generate(model, Tokenizer, Prompts(), new SamplingOptions { MaxNewTokens = 7, Seed = 1 });

        result.Tokens.Where((t, b) => result.FinishReasons[b] == "length").Should().OnlyContain(t => t.Length == 7);
        result.Tokens.Should().OnlyContain(t => t.Length <= 7);
    }
}
