using static TorchSharp.torch;

namespace R1Gym.Model.Modeling;

/// <summary>
/// Preallocated keys and values of every layer: [L, 2, B, Hkv, Smax, D], allocated once per generation. Zeroed, because
/// decode steps attend over the whole cache with unwritten columns masked out, and 0 * NaN would poison the output.
/// </summary>
internal sealed class KvCache : IDisposable
{
    private readonly Tensor _storage;
    private readonly (Tensor Keys, Tensor Values)[] _layers;

    public KvCache(ModelConfig config, long batch, long maxLength, ScalarType dtype, Device device)
    {
        _storage = zeros([config.NumHiddenLayers, 2, batch, config.NumKeyValueHeads, maxLength, config.HeadDim], dtype, device).DetachFromDisposeScope();
        MaxLength = maxLength;
        _layers = new (Tensor, Tensor)[config.NumHiddenLayers];
        for (int i = 0; i < _layers.Length; i++) _layers[i] = (_storage[i, 0].DetachFromDisposeScope(), _storage[i, 1].DetachFromDisposeScope());
    }

    public long MaxLength { get; }

    /// <summary>Views of one layer's keys and values: [B, Hkv, Smax, D] each.</summary>
    public (Tensor Keys, Tensor Values) Layer(int index) => _layers[index];

    public void Dispose()
    {
        foreach (var (k, v) in _layers)
        {
            k.Dispose();
            v.Dispose();
        }

        _storage.Dispose();
    }
}
