package org.ioptstress.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots drawn with XChart: one line per design with JMH's error as error bars against the swept parameter
 * (its values as evenly spaced categories, since they grow geometrically), or bars per design when nothing is
 * swept. A design keeps its colour in every plot; floors are dashed.
 */
public final class Charts
{
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    private static final int DPI = 110;
    private static final BasicStroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
        10.0f, new float[] {6.0f, 4.0f}, 0.0f);
    private static final Color[] OTHERS = {new Color(0x8e44ad), new Color(0x795548), new Color(0xe91e63),
        new Color(0x00838f)};

    static
    {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts()
    {
    }

    /** One line of a plot: values per x (null where not measured) and their errors. */
    public record Line(String name, String design, List<Double> values, List<Double> errors, boolean floor)
    {
    }

    public static Color colour(final String design)
    {
        switch (design == null ? "" : design)
        {
            case "baseline":
                return new Color(0x6d6d6d);
            case "v7":
                return new Color(0xd62728);
            case "v7-hoisted":
                return new Color(0xff7f0e);
            case "v8":
                return new Color(0x1f77b4);
            case "upstream":
                return new Color(0x2ca02c);
            default:
                return OTHERS[Math.floorMod(design == null ? 0 : design.hashCode(), OTHERS.length)];
        }
    }

    /** Cost (or ratio) against the swept parameter, one line per design, error bars. */
    public static void lines(final Path png, final String title, final String xTitle, final String yTitle,
        final List<String> xs, final List<Line> lines, final boolean logY) throws IOException
    {
        final CategoryChart chart = base(title, xTitle, yTitle);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setOverlapped(true); /* every design's point at its x, not spread like grouped bars */
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setYAxisLogarithmic(logY);
        if (!logY)
        {
            chart.getStyler().setYAxisMin(0.0);
        }
        for (final Line line : lines)
        {
            /* XChart's error bars need a value at every x: a line with gaps is drawn without them */
            final boolean gaps = line.values().contains(null) || line.floor(); /* floors: no error bars */
            final CategorySeries s = gaps ? chart.addSeries(line.name(), xs, line.values())
                : chart.addSeries(line.name(), xs, line.values(), logY ? clipped(line) : line.errors());
            s.setLineColor(colour(line.design()));
            s.setMarkerColor(colour(line.design()));
            if (line.floor())
            {
                s.setLineStyle(DASHED);
                s.setMarker(SeriesMarkers.NONE);
            }
            else
            {
                s.setLineStyle(SeriesLines.SOLID);
                s.setLineWidth(2.0f);
                s.setMarker(SeriesMarkers.CIRCLE);
            }
        }
        BitmapEncoder.saveBitmapWithDPI(chart, strip(png), BitmapEncoder.BitmapFormat.PNG, DPI);
    }

    /**
     * A log axis cannot show an error bar reaching zero: drawn down to a tenth of the value (tables keep it).
     * XChart 3.8.8 also misplaces error bars on a log axis; the report draws its plots on linear axes.
     */
    private static List<Double> clipped(final Line line)
    {
        final List<Double> errors = new java.util.ArrayList<>(line.errors());
        for (int i = 0; i < errors.size(); i++)
        {
            errors.set(i, Math.min(errors.get(i), 0.9 * line.values().get(i)));
        }
        return errors;
    }

    /**
     * Bars: one group per category, one bar per series (colour by design when the series are designs).
     *
     * @param series name -> values per category (null where not measured: drawn as an empty bar)
     * @param errors name -> errors per category, or an empty map
     */
    public static void bars(final Path png, final String title, final String yTitle, final List<String> categories,
        final Map<String, List<Double>> series, final Map<String, List<Double>> errors, final Map<String, Color> colours)
        throws IOException
    {
        final CategoryChart chart = base(title, null, yTitle);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Bar);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setAvailableSpaceFill(0.8);
        for (final Map.Entry<String, List<Double>> e : series.entrySet())
        {
            /* XChart's error bars need a value in every category: a design not measured there gets an empty bar */
            final List<Double> values = new java.util.ArrayList<>(e.getValue());
            values.replaceAll(v -> v == null ? 0.0 : v);
            final List<Double> err = errors.get(e.getKey());
            final CategorySeries s = err == null ? chart.addSeries(e.getKey(), categories, values)
                : chart.addSeries(e.getKey(), categories, values, err);
            final Color c = colours.get(e.getKey());
            if (c != null)
            {
                s.setFillColor(c);
            }
        }
        BitmapEncoder.saveBitmapWithDPI(chart, strip(png), BitmapEncoder.BitmapFormat.PNG, DPI);
    }

    private static CategoryChart base(final String title, final String xTitle, final String yTitle)
    {
        final CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle(xTitle == null ? "" : xTitle).yAxisTitle(yTitle).build();
        final var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(new Color(0xcccccc));
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendBorderColor(new Color(0xdddddd));
        styler.setErrorBarsColorSeriesColor(true);
        styler.setXAxisTitleVisible(xTitle != null);
        styler.setMarkerSize(7);
        styler.setAntiAlias(true);
        return chart;
    }

    /** BitmapEncoder appends ".png" itself. */
    private static String strip(final Path png)
    {
        final String s = png.toString();
        return s.endsWith(".png") ? s.substring(0, s.length() - 4) : s;
    }
}
