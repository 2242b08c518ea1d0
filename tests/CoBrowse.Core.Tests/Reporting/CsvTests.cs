using CoBrowse.Core.Reporting;

namespace CoBrowse.Core.Tests.Reporting;

public sealed class CsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=SUM(A1:A2)", "'=SUM(A1:A2)")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("=HYPERLINK(\"x\"),y", "\"'=HYPERLINK(\"\"x\"\"),y\"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void FieldsAreQuotedAndNeutralized(string? value, string expected) => Assert.Equal(expected, Csv.Field(value));

    [Fact]
    public void LinesEndWithCrLfAndKeepEmptyFields() =>
        Assert.Equal("a,,\"b,c\"\r\n", Csv.Line(["a", null, "b,c"]));

    [Fact]
    public void EveryQuotedFieldParsesBackToItsValue()
    {
        string[] values = ["x", "a,b", "q\"q", "line\r\nbreak", "\"", ",,,"];
        var line = Csv.Line(values);
        Assert.Equal(values, ParseLine(line.TrimEnd('\n').TrimEnd('\r')));
    }

    /// <summary>A small RFC 4180 reader, independent of the writer, to check round trips.</summary>
    private static List<string> ParseLine(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
