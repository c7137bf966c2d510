using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Model.Tests;

public sealed class ModelConfigTests
{
    private static string Write(string json)
    {
        string dir = Directory.CreateTempSubdirectory("r1gym-config-").FullName;
        File.WriteAllText(Path.Combine(dir, "config.json"), json);
        return dir;
    }

    [Fact]
    public void A_transformers_5_config_reads_rope_theta_from_rope_parameters()
    {
        var config = ModelConfig.Load(Fixture.Path("fixture-tied", "config.json"));

        config.RopeTheta.Should().Be(1000000);
        config.TieWordEmbeddings.Should().BeTrue();
        config.AttentionBias.Should().BeTrue("Qwen2 has q/k/v biases");
    }

    [Fact]
    public void A_transformers_4_llama_config_reads_top_level_rope_theta_and_the_first_of_several_eos_ids()
    {
        string dir = Write("""
            {"model_type":"llama","vocab_size":128,"hidden_size":32,"intermediate_size":64,"num_hidden_layers":2,
             "num_attention_heads":4,"num_key_value_heads":2,"rope_theta":500000.0,"rms_norm_eps":1e-05,
             "tie_word_embeddings":false,"bos_token_id":1,"eos_token_id":[2,3]}
            """);

        var config = ModelConfig.Load(dir);

        (config.ModelType, config.RopeTheta, config.RmsNormEps, config.EosTokenId, config.AttentionBias).Should().Be(("llama", 500000.0, 1e-5, (int?)2, false));
    }

    [Fact]
    public void A_saved_config_loads_back_equal_and_carries_both_rope_theta_spellings()
    {
        var config = ModelConfig.Preset("0.5b");
        string dir = Directory.CreateTempSubdirectory("r1gym-config-").FullName;

        config.Save(dir);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!;

        ModelConfig.Load(dir).Should().Be(config);
        json["rope_theta"]!.GetValue<double>().Should().Be(1000000);
        json["rope_parameters"]!["rope_theta"]!.GetValue<double>().Should().Be(1000000);
    }

    [Fact]
    public void An_invalid_shape_reports_every_problem_at_once()
    {
        string dir = Write("""{"model_type":"qwen2","vocab_size":0,"hidden_size":30,"intermediate_size":64,"num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":3}""");

        var act = () => ModelConfig.Load(dir);

        act.Should().Throw<R1GymException>().WithMessage("*vocab_size*num_attention_heads (4) must divide hidden_size (30)*num_key_value_heads (3)*");
    }

    [Fact]
    public void An_unknown_preset_names_the_known_ones()
    {
        var act = () => ModelConfig.Preset("7b");

        act.Should().Throw<R1GymException>().WithMessage("*tiny, 50m, 0.5b*");
    }

    [Fact]
    public void A_qwen2_model_without_attention_biases_is_refused_with_the_fix()
    {
        var config = ModelConfig.Preset("tiny") with { AttentionBias = false };

        var act = () => CausalLM.Create(config, TorchSharp.torch.CPU, TorchSharp.torch.ScalarType.Float32, 0);

        act.Should().Throw<R1GymException>().WithMessage("*always has q/k/v biases*model_type llama*");
    }
}
