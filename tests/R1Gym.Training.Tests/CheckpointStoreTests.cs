using R1Gym.Model;

namespace R1Gym.Training.Tests;

public sealed class CheckpointStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("r1gym-store-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private CheckpointStore TrainTwoSteps()
    {
        var tokenizer = TinyWorld.Tokenizer();
        using var model = TinyWorld.Model(tokenizer);
        var store = new CheckpointStore(_root);
        using var trainer = new SftTrainer(new SftOptions { Steps = 2, BatchSize = 2, CheckpointEvery = 1 }, model, tokenizer, [new("Q", "ab")]) { Checkpoints = store };
        trainer.Train();
        return store;
    }

    [Fact]
    public void Latest_falls_back_to_the_newest_complete_checkpoint_when_the_pointer_names_a_vanished_folder()
    {
        var store = TrainTwoSteps();
        store.Latest().Should().EndWith("step-000002");

        Directory.Delete(Path.Combine(_root, "step-000002"), recursive: true);   // what a kill while replacing it leaves

        store.Latest().Should().EndWith("step-000001");
        CheckpointStore.ReadState(store.Latest()!).Step.Should().Be(1);
    }

    [Fact]
    public void A_missing_pointer_or_an_empty_folder_are_handled()
    {
        var store = TrainTwoSteps();
        File.Delete(Path.Combine(_root, "latest"));

        store.Latest().Should().EndWith("step-000002");
        new CheckpointStore(Path.Combine(_root, "nothing-here")).Latest().Should().BeNull();
    }

    [Fact]
    public void Temporary_folders_left_by_a_killed_run_are_removed_by_the_next_save()
    {
        var stale = Path.Combine(_root, ".tmp-step-000007-12345");
        Directory.CreateDirectory(stale);
        File.WriteAllText(Path.Combine(stale, "model.safetensors"), "half written");

        TrainTwoSteps();

        Directory.Exists(stale).Should().BeFalse();
        Directory.GetDirectories(_root, ".tmp-*").Should().BeEmpty();
    }
}
