/*
 * Copyright 2026 The MLOps Maturity for Backstage Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { Theme, getContrastRatio } from '@material-ui/core/styles';

/** WCAG AA contrast for body text. */
export const TEXT_CONTRAST = 4.5;
/** WCAG AA contrast for icons and other graphics. */
export const GRAPHIC_CONTRAST = 3;

/** A colour of the theme palette with its shades (success, warning, ...). */
export interface PaletteShades {
  main: string;
  light?: string;
  dark?: string;
}

/**
 * The shade of a palette colour that reads best on the theme's paper: `main`
 * when it has enough contrast, otherwise the darker (light theme) or lighter
 * (dark theme) shade. Undefined when no shade reaches `minContrast`, so that
 * callers fall back to the theme's text colour rather than a colour that
 * vanishes.
 */
export function readableShade(
  theme: Theme,
  color: PaletteShades | undefined,
  minContrast: number = TEXT_CONTRAST,
  background: string = theme.palette.background.paper,
): string | undefined {
  if (!color) return undefined;
  const shades =
    theme.palette.type === 'dark'
      ? [color.main, color.light, color.dark]
      : [color.main, color.dark, color.light];
  return shades.find(
    shade => !!shade && safeContrast(shade, background) >= minContrast,
  );
}

/**
 * Black or white, whichever has the higher contrast on `background`. One of
 * them always reaches at least 4.58:1, so text on any fill stays readable.
 */
export function textOn(theme: Theme, background: string): string {
  const { black, white } = theme.palette.common;
  return safeContrast(white, background) >= safeContrast(black, background)
    ? white
    : black;
}

function safeContrast(foreground: string, background: string): number {
  try {
    return getContrastRatio(foreground, background);
  } catch {
    // A colour MUI cannot parse (a CSS variable, say): assume it reads well.
    return 21;
  }
}
