using System.Text;

namespace R1Gym.Sandbox.Worker;

/// <summary>A console capture that stops at a byte budget: past it, writes throw and <see cref="Exceeded"/> stays set even if the answer swallows the exception.</summary>
internal sealed class BoundedWriter(int maxChars) : TextWriter
{
    private readonly StringBuilder _text = new();

    public bool Exceeded { get; private set; }

    public override Encoding Encoding => Encoding.UTF8;

    public override string ToString() => _text.ToString();

    public override void Write(char value) => Append(new ReadOnlySpan<char>(in value));

    public override void Write(char[] buffer, int index, int count) => Append(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer) => Append(buffer);

    public override void Write(string? value) => Append(value.AsSpan());

    public override void WriteLine(string? value)
    {
        Append(value.AsSpan());
        Append(CoreNewLine);
    }

    private void Append(ReadOnlySpan<char> chars)
    {
        if (Exceeded || _text.Length + chars.Length > maxChars)
        {
            Exceeded = true;
            throw new OutputLimitException();
        }
        _text.Append(chars);
    }
}

/// <summary>Thrown into the answer when it writes past the output limit.</summary>
internal sealed class OutputLimitException() : Exception("output limit exceeded");
