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

import { darkTheme, lightTheme } from '@backstage/theme';
import { ThemeProvider } from '@material-ui/core/styles';
import { getContrastRatio } from '@material-ui/core/styles/colorManipulator';
import { render, screen } from '@testing-library/react';
import { LevelChip } from './LevelChip';
import { readableShade, textOn } from './colors';

const themes = [
  ['light', lightTheme],
  ['dark', darkTheme],
] as const;

/** The style of the chip's colour rule: a class repeated twice. */
function toneRuleOf(element: HTMLElement): CSSStyleDeclaration | undefined {
  for (const sheet of Array.from(document.styleSheets)) {
    for (const rule of Array.from(sheet.cssRules)) {
      const selector = (rule as CSSStyleRule).selectorText ?? '';
      const match = /^\.([\w-]+)\.\1$/.exec(selector);
      if (match && element.classList.contains(match[1])) {
        return (rule as CSSStyleRule).style;
      }
    }
  }
  return undefined;
}

describe.each(themes)('colours in the %s theme', (_name, theme) => {
  it('gives readable text on every palette fill', () => {
    for (const fill of [
      theme.palette.primary.main,
      theme.palette.warning.main,
      theme.palette.success.main,
      theme.palette.error.main,
    ]) {
      expect(
        getContrastRatio(textOn(theme, fill), fill),
      ).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('picks a status shade that reads on the paper, or none', () => {
    for (const color of [
      theme.palette.success,
      theme.palette.error,
      theme.palette.info,
      theme.palette.warning,
    ]) {
      const shade = readableShade(theme, color);
      const contrast = shade
        ? getContrastRatio(shade, theme.palette.background.paper)
        : Infinity;
      expect(contrast).toBeGreaterThanOrEqual(4.5);
    }
  });

  it.each([
    [true, 'Level 1 Managed, below target'],
    [false, 'Level 1 Managed'],
    [undefined, 'Level 1 Managed'],
  ])(
    'draws the level chip (below target: %s) with enough contrast',
    (belowTarget, name) => {
      render(
        <ThemeProvider theme={theme}>
          <LevelChip level={1} name="Managed" belowTarget={belowTarget} />
        </ThemeProvider>,
      );
      const chip = screen.getByLabelText(name);
      // jsdom's cascade ignores specificity, so read the chip's own rule
      // (`.tone.tone`) rather than its computed style.
      const style = toneRuleOf(chip);
      expect(style).toBeDefined();
      expect(
        getContrastRatio(style!.color, style!.backgroundColor),
      ).toBeGreaterThanOrEqual(4.5);
      const fills = {
        true: theme.palette.warning.main,
        false: theme.palette.success.main,
        undefined: theme.palette.primary.main,
      };
      const expected = fills[String(belowTarget) as keyof typeof fills];
      expect(getContrastRatio(style!.backgroundColor, expected)).toBe(1);
    },
  );
});
