using R1Gym.Abstractions;

namespace R1Gym.Model.Tests;

public sealed class TokenizerTests
{
    public static TheoryData<string, int> Probes()
    {
        var data = new TheoryData<string, int>();
        foreach (var kind in new[] { "tokenizer-qwen2", "tokenizer-llama3" })
            for (int i = 0; i < Fixture.Json(kind, "expected.json")["cases"]!.AsArray().Count; i++)
                data.Add(kind, i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Probes))]
    public void Encodings_are_identical_to_the_tokenizers_library(string kind, int probe)
    {
        var tokenizer = TextTokenizer.Load(Fixture.Path(kind, "tokenizer.json"));
        var expected = Fixture.Json(kind, "expected.json")["cases"]![probe]!;
        string text = expected["text"]!.GetValue<string>();

        var ids = tokenizer.Encode(text);

        ids.Should().Equal(expected["ids"]!.AsArray().Select(v => v!.GetValue<int>()), $"text {text}");
        tokenizer.Decode(ids).Should().Be(expected["decoded"]!.GetValue<string>());
    }

    [Fact]
    public void Added_and_special_tokens_are_single_ids_and_eos_is_found()
    {
        var tokenizer = TextTokenizer.Load(Fixture.Path("tokenizer-qwen2"));

        var ids = tokenizer.Encode("<think>x</think><|endoftext|>");

        ids[0].Should().Be(tokenizer.TokenToId("<think>"));
        ids[^1].Should().Be(tokenizer.EosId);
        tokenizer.TokenToId("<|endoftext|>").Should().Be(tokenizer.EosId);
        tokenizer.VocabSize.Should().Be(422);
    }

    [Fact]
    public void A_saved_tokenizer_loads_back_with_the_same_encodings_and_special_ids()
    {
        var tokenizer = TextTokenizer.Load(Fixture.Path("tokenizer-llama3", "tokenizer.json"));
        string dir = Directory.CreateTempSubdirectory("r1gym-tok-").FullName;

        tokenizer.Save(dir);
        var reloaded = TextTokenizer.Load(dir);

        reloaded.Encode("It's 2026, café!").Should().Equal(tokenizer.Encode("It's 2026, café!"));
        (reloaded.EosId, reloaded.PadId, reloaded.VocabSize).Should().Be((tokenizer.EosId, tokenizer.PadId, tokenizer.VocabSize));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void A_char_level_tokenizer_gives_one_token_per_character_seen_and_round_trips_any_text()
    {
        var tokenizer = TextTokenizer.TrainCharLevel(["12+35=47", "naïve 日本"], ["<think>", "</think>"]);

        tokenizer.Encode("12+35").Should().HaveCount(5);
        tokenizer.Encode("ï日").Should().HaveCount(2);
        tokenizer.Encode("<think>1</think>").Should().HaveCount(3);
        tokenizer.Decode(tokenizer.Encode("unseen ß and 🙂")).Should().Be("unseen ß and 🙂");
        tokenizer.EosId.Should().Be(tokenizer.TokenToId(TextTokenizer.EndOfText));
        tokenizer.PadId.Should().Be(tokenizer.EosId);
    }

    [Fact]
    public void A_char_level_tokenizer_saves_as_tokenizer_json_and_reloads_identically()
    {
        var tokenizer = TextTokenizer.TrainCharLevel(["a+b=c", "é"], ["<think>"]);
        string dir = Directory.CreateTempSubdirectory("r1gym-char-").FullName;

        tokenizer.Save(dir);
        var reloaded = TextTokenizer.Load(dir);

        reloaded.Encode("<think>é+b").Should().Equal(tokenizer.Encode("<think>é+b"));
        reloaded.EosId.Should().Be(tokenizer.EosId);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void A_missing_tokenizer_file_gives_a_clear_error()
    {
        var act = () => TextTokenizer.Load("/nonexistent/dir/tokenizer.json");

        act.Should().Throw<R1GymException>().WithMessage("*tokenizer.json*");
    }
}
