import type { PlotFigure } from './json-shape';
import { PlotlyFigure } from './plotly-figure';
import { useAppTheme } from './use-app-theme';

/** Figures in a responsive grid (a profile has one per column). */
export function FigureList({ figures }: { figures: PlotFigure[] }) {
  const theme = useAppTheme();
  return (
    <div className={`figure-list${figures.length > 1 ? ' many' : ''}`} data-testid="figure-list">
      {figures.map((f, i) => (
        <PlotlyFigure key={`${f.title}-${i}`} figure={f} theme={theme} />
      ))}
    </div>
  );
}
