using System.Text;

namespace CoBrowse.Core.Reporting;

/// <summary>
/// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, quotes doubled, lines end with CRLF. Text that
/// a spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a leading apostrophe: contact and
/// agent ids come from tenants' systems and must not become formulas in someone's Excel.
/// </summary>
public static class Csv
{
    public static string Line(IEnumerable<string?> fields) => string.Join(",", fields.Select(Field)) + "\r\n";

    /// <summary>A text field (neutralized against formulas).</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var text = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    public static string Write(IEnumerable<string?> header, IEnumerable<IEnumerable<string?>> rows)
    {
        var text = new StringBuilder(Line(header));
        foreach (var row in rows)
        {
            text.Append(Line(row));
        }

        return text.ToString();
    }
}
