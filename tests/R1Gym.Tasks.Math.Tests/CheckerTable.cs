namespace R1Gym.Tasks.Math.Tests;

/// <summary>The equivalence table of the "math" checker: (expected, answer) pairs judged equal, and pairs judged different.</summary>
internal static class CheckerTable
{
    public static TheoryData<string, string> Equal => new()
    {
        // Integers, separators, signs.
        { "42", "42" }, { "1234", "1,234" }, { "1234567", "1,234,567" }, { "1,234", "1234" }, { "1234", "1{,}234" },
        { "1234", "1\\,234" }, { "-5", "\u22125" }, { "-5", "- 5" }, { "0", "-0" }, { "7", "+7" }, { "7", "07" },
        { "42", " 42 " }, { "42", "42." }, { "42", "$42$" }, { "42", "\\(42\\)" },
        { "42", "{42}" }, { "42", "\\boxed{42}" }, { "12", "12\\!" },
        // Decimals.
        { "0.5", ".5" }, { "2.50", "2.5" }, { "3", "3.0" }, { "3", "3.000" }, { "-0.25", "-.25" }, { "1234.5", "1,234.50" },
        // Fractions.
        { "\\frac{1}{2}", "1/2" }, { "\\frac{1}{2}", "0.5" }, { "\\frac12", "\\frac{1}{2}" }, { "\\dfrac{3}{4}", "3/4" },
        { "\\tfrac{3}{4}", "0.75" }, { "\\frac{6}{8}", "\\frac{3}{4}" }, { "-\\frac{1}{2}", "\\frac{-1}{2}" }, { "-\\frac{1}{2}", "-1/2" },
        { "\\frac{1}{-2}", "-0.5" }, { "\\frac{10}{5}", "2" }, { "\\frac{7}{3}", "7/3" }, { "\\frac{1}{3}", "\\dfrac{2}{6}" },
        { "\\frac{a}{b}", "a/b" }, { "\\frac{3}{2}", "1.5" }, { "\\frac{100}{3}", "\\frac{200}{6}" }, { "\\frac{\\frac{1}{2}}{2}", "1/4" },
        { "\\frac{1}{8}", "0.125" }, { "2\\frac{1}{2}", "2.5" }, { "-3\\frac{1}{4}", "-13/4" }, { "6\\frac12", "\\frac{13}{2}" },
        // Radicals.
        { "2\\sqrt{3}", "\\sqrt{12}" }, { "2\\sqrt{3}", "2\\sqrt3" }, { "\\sqrt{2}", "sqrt(2)" }, { "\\frac{\\sqrt{3}}{2}", "\\frac{1}{2}\\sqrt{3}" },
        { "\\frac{\\sqrt{3}}{3}", "\\frac{1}{\\sqrt{3}}" }, { "3\\sqrt{2}", "\\sqrt{18}" }, { "\\sqrt[3]{8}", "2" }, { "\\sqrt[3]{-27}", "-3" },
        { "5\\sqrt{5}", "\\sqrt{125}" }, { "\\sqrt{2}+1", "1+\\sqrt{2}" }, { "4-2\\sqrt{2}", "-2\\sqrt2+4" }, { "\\sqrt{8}", "2\\sqrt{2}" },
        { "\u221a2", "\\sqrt{2}" }, { "\\frac{5\\sqrt{2}}{2}", "\\frac{5}{\\sqrt{2}}" },
        // Pi.
        { "2\\pi", "\\pi*2" }, { "2\\pi", "2 \\pi" }, { "\\frac{\\pi}{2}", "\\pi/2" }, { "\\frac{3\\pi}{4}", "0.75\\pi" }, { "\\pi", "\u03c0" },
        { "6\\pi", "6pi" }, { "\\pi r^2", "r^2\\pi" }, { "16\\pi", "16 \\pi" }, { "\\frac{\\pi}{6}", "\\frac{1}{6}\\pi" },
        // Percentages, money, degrees, units, text.
        { "50\\%", "50" }, { "50\\%", "50%" }, { "12.5\\%", "12.5" }, { "\\$5.50", "5.5" }, { "\\$1,000", "1000" }, { "5", "\\$5" },
        { "30^\\circ", "30" }, { "30^{\\circ}", "30" }, { "30", "30\u00b0" }, { "90", "90^\\circ" }, { "5\\text{ cm}", "5" },
        { "5", "5 cm" }, { "12", "12 \\text{square units}" }, { "20", "20 dollars" }, { "3.5", "3.5 mph" }, { "10", "\\text{10}" },
        { "\\text{Monday}", "Monday" }, { "\\text{(C)}", "C" }, { "(C)", "C" }, { "C", "\\text{C}" }, { "\\textbf{(B)}", "(B)" },
        { "9", "9\\text{ inches}" }, { "100", "100 \\mbox{ meters}" }, { "4", "4 \\text{ units}^2" }, { "evelyn", "Evelyn" },
        // Assignments.
        { "3", "x = 3" }, { "x=3", "3" }, { "-2", "k=-2" }, { "5", "\\theta = 5" }, { "2", "a_1 = 2" }, { "[1,2]", "x \\in [1,2]" },
        // Powers, products, scientific notation, factorials.
        { "8", "2^3" }, { "1000", "10^3" }, { "1.5\\times10^{3}", "1500" }, { "6", "3!" }, { "2^{10}", "1024" }, { "\\frac{1}{4}", "2^{-2}" },
        { "12", "3\\cdot4" }, { "12", "3 \\times 4" }, { "2", "6 \\div 3" },
        // Expressions with variables (compared at sample points).
        { "2x+1", "1+2x" }, { "x^2-1", "(x-1)(x+1)" }, { "x^2+2x+1", "(x+1)^2" }, { "3a+3b", "3(a+b)" }, { "y=2x+3", "y=3+2x" },
        { "\\frac{x}{2}", "0.5x" }, { "x^{2}", "x^2" }, { "2x-6", "2(x-3)" }, { "\\frac{1}{x}", "x^{-1}" }, { "1+2i", "2i+1" },
        // Intervals and unions.
        { "(-\\infty, 3]", "(-\\infty,3]" }, { "[2, 5)", "[2,5)" }, { "(0, \\infty)", "(0,\\infty)" }, { "[1,2] \\cup [3,4]", "[3,4]\\cup[1,2]" },
        { "(-\\infty,0)\\cup(0,\\infty)", "(-\\infty, 0) \\cup (0, \\infty)" }, { "\\left[ \\frac{1}{2}, 3 \\right)", "[0.5,3)" },
        { "(-\\infty, -2]", "(-\u221e, -2]" },
        // Tuples, points, vectors, matrices.
        { "(1, 2)", "(1,2)" }, { "(3, -1)", "(3,-1)" }, { "(\\frac{1}{2}, 3)", "(0.5, 3)" }, { "\\left( 3, \\frac{\\pi}{2} \\right)", "(3,\\frac{\\pi}{2})" },
        { "(1,2,3)", "(1, 2, 3)" }, { "\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", "\\begin{pmatrix}1\\\\2\\end{pmatrix}" },
        { "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}" }, { "(2\\sqrt{2}, 1)", "(\\sqrt{8}, 1)" },
        // Sets and lists of solutions.
        { "\\{1, 2\\}", "\\{2, 1\\}" }, { "1, 2", "2, 1" }, { "-2, 3", "3,-2" }, { "\\{1,2,3\\}", "3,2,1" }, { "1, -1", "-1, 1" },
        { "\\frac{1}{2}, 2", "2, 0.5" }, { "\\{-1, \\sqrt{2}\\}", "\\{\\sqrt{2}, -1\\}" }, { "\\emptyset", "\\{\\}" },
        // Answers joined by words.
        { "2, 3", "2 \\text{ or } 3" }, { "-1, 4", "x = 4 \\text{ and } x = -1" },
        // Text answers.
        { "\\text{yes}", "Yes" }, { "\\text{even}", "even" }, { "1011_2", "1011_{2}" }, { "\\text{Devon}", "\\text{ Devon }" },
        // Fractional powers against roots (a negative sample point is the real root, not NaN), \cfrac, list commas.
        { "x^{1/3}", "\\sqrt[3]{x}" }, { "x^{2/3}", "\\sqrt[3]{x^2}" }, { "\\sqrt[3]{-8}", "(-8)^{1/3}" }, { "x^{1/4}", "\\sqrt[4]{x}" },
        { "\\frac{1}{3}", "\\cfrac{1}{3}" }, { "\\cfrac{2}{4}", "0.5" }, { "32, 349", "349, 32" }, { "0,111", "111, 0" },
        // Several boxed answers listing one answer.
        { "2, 3", "\\boxed{2} \\text{ and } \\boxed{3}" }, { "-1, 4", "$x = \\boxed{-1}$ or $x = \\boxed{4}$" },
        { "3", "\\boxed{2}. Checking again, the answer is \\boxed{3}" },
        // Labelled answers.
        { "(3,2)", "(p,q)=(3,2)" }, { "1", "f(x)=1" }, { "1", "|AB|=1" }, { "3", "k = 3 \\quad" }, { "30", "\\angle ABC = 30^\\circ" },
        { "5", "AB = 5" }, { "7", "a_{10} = 7" }, { "2x+1", "g(x) = 1 + 2x" },
        // Inequalities: notation, reversed, negated, scaled, and against the interval they describe.
        { "x \\geq 5", "x >= 5" }, { "x \\ge 5", "5 \\leq x" }, { "x \\leq 5", "5 \\geq x" }, { "x < 3", "-x > -3" }, { "x > 2", "2x > 4" },
        { "x \\geq 5", "x \\not< 5" }, { "x \\leqslant 1", "x \\ngtr 1" }, { "-1 < a < 10", "(-1, 10)" }, { "x \\ge 2", "[2, \\infty)" },
        { "x \\leq -1 \\text{ or } x > 3", "(-\\infty, -1] \\cup (3, \\infty)" }, { "x > -1 \\text{ and } x < 10", "(-1,10)" },
        { "x + y > 2", "y > 2 - x" }, { "10 > a > -1", "-1 < a < 10" }, { "t \\le \\frac{1}{2}", "(-\\infty, 0.5]" },
        // Equations rearranged or scaled.
        { "2x+4y-3=0", "y=-\\frac12x+\\frac34" }, { "y = 2x + 1", "2x - y + 1 = 0" }, { "x + y = 1", "2x + 2y = 2" },
        { "x^2 + y^2 = 1", "y^2 = 1 - x^2" }, { "3 = x", "x = 3" },
        // Plus-minus.
        { "1 \\pm \\sqrt{2}", "1+\\sqrt{2}, 1-\\sqrt{2}" }, { "\\pm 3", "3, -3" }, { "x = \\pm 2", "-2, 2" }, { "2 \\pm i", "2 - i, 2 + i" },
        { "\\pm\\frac{1}{2}", "\u00b10.5" },
        // Units and text after a value.
        { "\\frac13", "\\frac{1}{3} \\text{ meters}" }, { "\\frac{1}{3}", "\\frac13 \\textbf{meters}" }, { "5", "5 \\textnormal{ cm}" },
        { "2\\sqrt{3}", "2\\sqrt{3} \\text{ cm}" }, { "3\\pi", "3\\pi \\text{ square units}" }, { "12.5", "12.5\\%" },
        { "5 \\text{ inches}", "5 in" }, { "12 \\text{ cm}^2", "12 square cm" }, { "32349", "32,\\! 349" }, { "11111111100", "11,\\!111,\\!111,\\!100" },
        // Matrices with \begin{array}; sec, tan^2, sums and products with numeric bounds, logarithms with a base.
        { "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "\\left(\\begin{array}{cc} 1 & 2 \\\\ 3 & 4 \\end{array}\\right)" },
        { "\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", "\\begin{array}{c} 1 \\\\ 2 \\end{array}" }, { "\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", "\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}" },
        { "\\sec x", "\\frac{1}{\\cos x}" }, { "\\tan^2 x", "\\sec^2 x - 1" }, { "\\cot x", "\\frac{\\cos x}{\\sin x}" }, { "\\sum_{k=1}^{10} k", "55" },
        { "\\sum_{k=1}^{4} k^2", "30" }, { "\\prod_{k=1}^{5} k", "5!" }, { "\\log_2 8", "3" }, { "\\sum_{i=0}^{3} 2^i + 1", "16" },
    };

    public static TheoryData<string, string> Different => new()
    {
        // Different numbers.
        { "42", "43" }, { "42", "-42" }, { "1234", "1,235" }, { "1234", "123" }, { "0.5", "0.55" }, { "3", "3.0001" },
        { "1000", "100" }, { "1234567", "1,234,568" }, { "2", "" }, { "7", "seven7" },
        // Fractions.
        { "\\frac{1}{2}", "\\frac{1}{3}" }, { "\\frac{1}{3}", "0.333" }, { "\\frac{1}{3}", "0.3333333333" }, { "\\frac{2}{3}", "3/2" },
        { "-\\frac{1}{2}", "\\frac{1}{2}" }, { "\\frac{3}{4}", "0.7" }, { "\\frac{22}{7}", "\\pi" }, { "\\frac{1}{2}", "1/2x" },
        // Radicals and pi.
        { "2\\sqrt{3}", "\\sqrt{6}" }, { "\\sqrt{2}", "1.414" }, { "\\sqrt{2}", "1.4142135623" }, { "2\\pi", "6.28" }, { "\\pi", "3.14" },
        { "\\pi", "3.14159265" }, { "\\frac{\\pi}{2}", "\\frac{\\pi}{3}" }, { "\\sqrt{3}", "3" }, { "3\\sqrt{2}", "2\\sqrt{3}" }, { "\\sqrt[3]{8}", "\\sqrt{8}" },
        { "4\\pi", "4" }, { "\\sqrt{2}+1", "\\sqrt{3}" },
        // Percentages, units, text, choices.
        { "50\\%", "5" }, { "30^\\circ", "60" }, { "5\\text{ cm}", "6 cm" }, { "\\text{(C)}", "D" }, { "(A)", "(B)" }, { "\\text{Monday}", "Tuesday" },
        { "\\text{yes}", "no" }, { "\\text{even}", "odd" }, { "evelyn", "Devon" }, { "1011_2", "1011_3" },
        // Expressions with variables.
        { "2x+1", "2x-1" }, { "x^2-1", "(x-1)^2" }, { "3a+3b", "3a+b" }, { "x", "y" }, { "2x", "2y" }, { "x^2", "x^3" }, { "\\frac{x}{2}", "2x" },
        { "x+1", "x" }, { "y=2x+3", "y=2x+4" }, { "1+2i", "1-2i" },
        // Intervals.
        { "(-\\infty, 3]", "(-\\infty, 3)" }, { "[2, 5)", "(2, 5)" }, { "[2, 5)", "[2, 6)" }, { "(0, \\infty)", "[0, \\infty)" },
        { "[1,2] \\cup [3,4]", "[1,4]" }, { "(-\\infty, 0)", "(0, \\infty)" }, { "[1,2]\\cup[3,4]", "[1,2]\\cup[3,5]" },
        // Tuples and matrices.
        { "(1, 2)", "(2, 1)" }, { "(1, 2)", "(1, 2, 3)" }, { "(1, 2)", "[1, 2]" }, { "(1,2,3)", "(1,2,4)" }, { "(3, -1)", "(3, 1)" },
        { "\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", "\\begin{pmatrix}2\\\\1\\end{pmatrix}" }, { "(1, 2)", "1, 2" }, { "(1,2)", "12" },
        // Sets.
        { "\\{1, 2\\}", "\\{1, 3\\}" }, { "1, 2", "1" }, { "1, 2", "1, 2, 3" }, { "-2, 3", "2, -3" }, { "1, 1, 2", "1, 2, 2" }, { "\\{1,2\\}", "\\{1,2,2\\}" },
        { "2\\frac{1}{2}", "1" }, { "2\\frac{1}{2}", "2*\\frac{1}{2}" }, { "2, 3", "2 \\text{ or } 4" },
        { "\\frac{11}{2}", "\\dfrac{1}{12}" }, { "\\frac{31}{6}", "\\frac{3}{16}" }, { "\\sqrt{12}", "\\sqrt{1}2" },
        // Malformed.
        { "5", "\\frac{5}" }, { "5", "((5)" }, { "5", "\\sqrt{}" }, { "5", "5/0" }, { "0", "1/0" }, { "5", "\\unknown{5}" }, { "5", "x" },
        // Fractional powers, \cfrac, list commas.
        { "x^{1/3}", "\\sqrt{x}" }, { "\\sqrt[3]{x}", "-\\sqrt[3]{x}" }, { "\\sqrt{x}", "\\sqrt{-x}" }, { "x^{2/3}", "x^{1/3}" },
        { "\\cfrac{1}{3}", "\\frac{1}{4}" }, { "32, 349", "32349" }, { "0,111", "0.111" }, { "0,111", "111" },
        // Several boxed answers.
        { "2, 3", "\\boxed{2} and \\boxed{4}" }, { "3", "\\boxed{2} and \\boxed{3}" }, { "2", "\\boxed{2}, \\boxed{2}" },
        // Labels.
        { "(3,2)", "(p,q)=(2,3)" }, { "6", "2x = 6" }, { "4", "x^2 = 4" }, { "1", "f(x)=2" }, { "11", "x = 5+5+1 = 11" }, { "5", "AB = 6" },
        // Inequalities.
        { "x \\geq 5", "x > 5" }, { "x \\leq 5", "x \\geq 5" }, { "x < 3", "-x < -3" }, { "-1 < a < 10", "[-1, 10)" }, { "x > 2", "y > 2" },
        { "x \\ge 2", "(2, \\infty)" }, { "x + y > 2", "y < 2 - x" }, { "x \\leq -1 \\text{ or } x > 3", "x \\leq -1 \\text{ and } x > 3" },
        { "-1 < a < 10", "(-1, 9)" }, { "x \\geq 5", "x \\not\\geq 5" }, { "x > 2", "x^2 > 4" }, { "x > 2", "(2, 3)" },
        // Equations.
        { "2x+4y-3=0", "y=-\\frac12x+\\frac32" }, { "x + y = 1", "x + y = 2" }, { "x^2 = 4", "x = 2" }, { "y = 2x + 1", "y = x + 1" },
        { "x + y = 1", "x(x + y) = x" }, { "y = 2x", "x = 2y" },
        // Plus-minus.
        { "1 \\pm \\sqrt{2}", "1+\\sqrt{2}" }, { "\\pm 3", "3" }, { "\\pm 3", "3, -4" }, { "1 \\pm \\sqrt{2}", "1+\\sqrt{2}, -1-\\sqrt{2}" },
        // Units and text.
        { "\\frac13", "\\frac{1}{4} \\text{ meters}" }, { "2\\sqrt{3}", "2\\sqrt{2} \\text{ cm}" }, { "3\\pi", "3 \\text{ square units}" },
        { "864 \\mbox{ inches}^2", "864 \\mbox{ inches}^3" }, { "12 \\text{ square feet}", "12 \\text{ feet}" }, { "32349", "32,\\! 348" },
        // Matrices and functions.
        { "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "\\left(\\begin{array}{cc} 1 & 2 \\\\ 4 & 3 \\end{array}\\right)" },
        { "\\sec x", "\\cos x" }, { "\\tan^2 x", "\\tan x^2" }, { "\\sum_{k=1}^{10} k", "56" }, { "\\sum_{k=1}^{n} k", "55" },
        { "\\sin^{-1} x", "\\frac{1}{\\sin x}" }, { "\\log_2 8", "\\log 8" }, { "\\prod_{k=1}^{5} k", "5" },
    };
}
