using R1Gym.Model.Checkpoints;
using static TorchSharp.torch;

namespace R1Gym.Model.Tests;

public sealed class HfParityTests
{
    [Theory]
    [InlineData("fixture-untied", "right")]
    [InlineData("fixture-untied", "left")]
    [InlineData("fixture-tied", "right")]
    [InlineData("fixture-tied", "left")]
    public void Fp32_logits_on_cpu_match_transformers_on_every_real_position(string model, string padding)
    {
        var lm = CausalLM.Load(Fixture.Path(model), CPU, ScalarType.Float32);
        var reference = Fixture.Json(model, "full_logits.json")["cases"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == padding)!;
        long[][] ids = Fixture.Ints2(reference["input_ids"]!), mask = Fixture.Ints2(reference["attention_mask"]!);
        float[] expected = Fixture.Floats3(reference["logits"]!);

        using var grad = no_grad();
        using var logits = lm.forward(tensor(ids.SelectMany(r => r).ToArray()).view(ids.Length, -1), tensor(mask.SelectMany(r => r).ToArray()).view(ids.Length, -1));

        float[] actual = logits.data<float>().ToArray();
        int vocab = lm.Config.VocabSize, t = ids[0].Length;
        double maxDiff = 0;
        for (int b = 0; b < ids.Length; b++)
            for (int p = 0; p < t; p++)
                if (mask[b][p] == 1)
                    for (int v = 0; v < vocab; v++)
                        maxDiff = Math.Max(maxDiff, Math.Abs(actual[(b * t + p) * vocab + v] - expected[(b * t + p) * vocab + v]));
        maxDiff.Should().BeLessThan(1e-4);
    }

    [Theory]
    [InlineData("fixture-untied")]
    [InlineData("fixture-tied")]
    public void The_reference_file_of_hf_baseline_export_is_reproduced(string model)
    {
        var lm = CausalLM.Load(Fixture.Path(model), CPU, ScalarType.Float32);
        var reference = Fixture.Json(model, "reference_logits.json");
        long[] ids = reference["input_ids"]!.AsArray().Select(v => v!.GetValue<long>()).ToArray();

        using var grad = no_grad();
        using var logits = lm.forward(tensor(ids).unsqueeze(0), null).squeeze(0);

        var argmax = logits.argmax(-1).data<long>().ToArray();
        argmax.Should().Equal(reference["argmax_each_position"]!.AsArray().Select(v => v!.GetValue<long>()));
        var first8 = logits.narrow(1, 0, 8).data<float>().ToArray();
        var expected = reference["logits_first8_each_position"]!.AsArray().SelectMany(r => r!.AsArray()).Select(v => v!.GetValue<float>()).ToArray();
        first8.Zip(expected, (a, e) => Math.Abs(a - e)).Max().Should().BeLessThan(1e-4f);
    }

    [Fact]
    public void A_saved_model_reloads_with_identical_weights_and_hf_names()
    {
        var lm = CausalLM.Load(Fixture.Path("fixture-untied"), CPU, ScalarType.Float32);
        string dir = Directory.CreateTempSubdirectory("r1gym-save-").FullName;

        lm.Save(dir);
        var original = SafeTensors.Read(Fixture.Path("fixture-untied", "model.safetensors"));
        var saved = SafeTensors.Read(Path.Combine(dir, "model.safetensors"));

        saved.Keys.Should().BeEquivalentTo(original.Keys);
        foreach (var (name, t) in original)
            saved[name].equal(t).all().item<bool>().Should().BeTrue(name);
        ModelConfig.Load(dir).Should().Be(lm.Config);
        Directory.Delete(dir, true);
    }
}
