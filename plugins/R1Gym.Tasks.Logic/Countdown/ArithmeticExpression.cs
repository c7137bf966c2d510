using System.Numerics;

namespace R1Gym.Tasks.Logic;

/// <summary>
/// A small recursive-descent parser for countdown answers: whole numbers, + - * / (and × ÷ −), parentheses.
/// It evaluates exactly with rationals and records every number literal, so the caller can check which numbers
/// were used. Nothing is ever compiled or run; malformed text gives an error message, never an exception.
/// </summary>
internal sealed class ArithmeticExpression
{
    /// <summary>Longer answers are refused outright, keeping hostile input cheap.</summary>
    public const int MaxLength = 1000;

    private const int MaxDepth = 100;
    private const int MaxDigits = 12;

    private readonly string _text;
    private readonly List<BigInteger> _literals = [];
    private int _position;
    private int _depth;
    private string? _error;

    private ArithmeticExpression(string text) => _text = text;

    /// <summary>Parses and evaluates <paramref name="text"/>; on failure returns false with a reason.</summary>
    public static bool TryEvaluate(string? text, out Rational value, out IReadOnlyList<BigInteger> literals, out string error)
    {
        value = default;
        literals = [];
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "no expression found";
            return false;
        }
        if (text.Length > MaxLength)
        {
            error = $"the expression is {text.Length} characters long; at most {MaxLength} are read";
            return false;
        }
        var parser = new ArithmeticExpression(text);
        var result = parser.ParseSum();
        parser.SkipSpace();
        if (parser._error is null && parser._position < text.Length)
            parser._error = $"unexpected '{text[parser._position]}' at position {parser._position + 1}";
        if (parser._error is not null || result is null)
        {
            error = parser._error ?? "no expression found";
            return false;
        }
        value = result.Value;
        literals = parser._literals;
        return true;
    }

    private Rational? ParseSum()
    {
        var left = ParseProduct();
        while (left is not null && _error is null)
        {
            SkipSpace();
            char op = Peek();
            if (op is not ('+' or '-' or '\u2212' or '\u2013'))
                break;
            _position++;
            var right = ParseProduct();
            if (right is null)
                return null;
            left = op == '+' ? left.Value + right.Value : left.Value - right.Value;
        }
        return left;
    }

    private Rational? ParseProduct()
    {
        var left = ParseAtom();
        while (left is not null && _error is null)
        {
            SkipSpace();
            char op = Peek();
            if (op is not ('*' or '/' or '\u00d7' or '\u00f7' or '\u22c5' or '\u00b7'))
                break;
            _position++;
            var right = ParseAtom();
            if (right is null)
                return null;
            bool divide = op is '/' or '\u00f7';
            if (divide && right.Value.IsZero)
                return Fail("division by zero");
            left = divide ? left.Value / right.Value : left.Value * right.Value;
        }
        return left;
    }

    private Rational? ParseAtom()
    {
        SkipSpace();
        char c = Peek();
        if (c is '(' or '[')
        {
            if (++_depth > MaxDepth)
                return Fail($"parentheses nested deeper than {MaxDepth}");
            _position++;
            var inner = ParseSum();
            if (inner is null)
                return null;
            SkipSpace();
            char close = c == '(' ? ')' : ']';
            if (Peek() != close)
                return Fail($"expected '{close}' at position {_position + 1}");
            _position++;
            _depth--;
            return inner;
        }
        if (!char.IsAsciiDigit(c))
            return Fail(_position >= _text.Length ? "the expression ends too early" : $"expected a number at position {_position + 1}, found '{c}'");
        int start = _position;
        while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
            _position++;
        if (_position - start > MaxDigits)
            return Fail($"a number with more than {MaxDigits} digits at position {start + 1}");
        if (_position < _text.Length && _text[_position] == '.')
            return Fail($"decimal numbers are not allowed (position {_position + 1})");
        var literal = BigInteger.Parse(_text.AsSpan(start, _position - start), provider: System.Globalization.CultureInfo.InvariantCulture);
        _literals.Add(literal);
        return Rational.FromInteger(literal);
    }

    private Rational? Fail(string message)
    {
        _error ??= message;
        return null;
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private void SkipSpace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
            _position++;
    }
}
