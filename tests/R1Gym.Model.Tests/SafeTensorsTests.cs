using R1Gym.Abstractions;
using R1Gym.Model.Checkpoints;
using static TorchSharp.torch;

namespace R1Gym.Model.Tests;

public sealed class SafeTensorsTests
{
    [Fact]
    public void A_bf16_model_saved_in_shards_with_an_index_loads_back_identically()
    {
        var model = CausalLM.Create(ModelConfig.Preset("tiny") with { NumHiddenLayers = 2 }, CPU, ScalarType.BFloat16, seed: 1);
        string dir = Directory.CreateTempSubdirectory("r1gym-shards-").FullName;

        using (NewDisposeScope())
            HfCheckpoint.WriteAll(dir, WeightMap.Export(model), maxShardBytes: 200_000);
        model.Config.Save(Path.Combine(dir, "config.json"));
        var reloaded = CausalLM.Load(dir, CPU, ScalarType.BFloat16);

        File.Exists(Path.Combine(dir, HfCheckpoint.IndexFile)).Should().BeTrue();
        Directory.GetFiles(dir, "model-*.safetensors").Length.Should().BeGreaterThan(1);
        var a = model.parameters().ToList();
        var b = reloaded.parameters().ToList();
        a.Zip(b).Should().OnlyContain(p => p.First.equal(p.Second).all().item<bool>());
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Loading_converts_stored_fp32_weights_to_the_requested_dtype()
    {
        var model = CausalLM.Load(Fixture.Path("fixture-untied"), CPU, ScalarType.BFloat16);

        model.DType.Should().Be(ScalarType.BFloat16);
    }

    [Fact]
    public void A_file_with_a_corrupt_header_gives_a_clear_error()
    {
        string path = Path.GetTempFileName();
        File.WriteAllBytes(path, [.. BitConverter.GetBytes(1000L), .. "{not json"u8.ToArray()]);

        var act = () => SafeTensors.Read(path);

        act.Should().Throw<R1GymException>().WithMessage("*header*");
        File.Delete(path);
    }

    [Fact]
    public void A_folder_without_weights_says_which_files_were_expected()
    {
        string dir = Directory.CreateTempSubdirectory("r1gym-empty-").FullName;
        ModelConfig.Preset("tiny").Save(Path.Combine(dir, "config.json"));

        var act = () => CausalLM.Load(dir, CPU, ScalarType.Float32);

        act.Should().Throw<R1GymException>().WithMessage("*model.safetensors*");
    }
}
