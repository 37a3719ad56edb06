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

import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { textOn } from './colors';

type ChipTone = 'below' | 'atTarget' | 'neutral';

function fillOf(theme: Theme, tone: ChipTone): string {
  const { palette } = theme;
  switch (tone) {
    case 'below':
      return palette.warning?.main ?? palette.secondary.main;
    case 'atTarget':
      return palette.success?.main ?? palette.primary.main;
    default:
      return palette.primary.main;
  }
}

// `&&` doubles the class in the selector, so the fill wins over the Chip's
// own default whatever order the style sheets are inserted in.
const toneStyle = (theme: Theme, fill: string) => ({
  '&&': { backgroundColor: fill, color: textOn(theme, fill) },
});

// The fill comes from the theme palette, and the text is black or white,
// whichever contrasts more with it: readable in light and dark themes.
const useStyles = makeStyles<Theme, {}, 'chip' | ChipTone>(theme => ({
  chip: {
    fontWeight: theme.typography.fontWeightBold as number,
    whiteSpace: 'nowrap',
  },
  below: toneStyle(theme, fillOf(theme, 'below')),
  atTarget: toneStyle(theme, fillOf(theme, 'atTarget')),
  neutral: toneStyle(theme, fillOf(theme, 'neutral')),
}));

/**
 * The assessed level of a component, as a small chip ("L2 Automated").
 *
 * Accessible name: "Level <n> <name>", plus ", below target" when it is below
 * its target. The colour (warning below target, success at or above it,
 * primary when the target is unknown) only repeats what the name says.
 */
export function LevelChip(props: {
  level: number;
  name?: string;
  /** True below target, false at or above it; leave out when unknown. */
  belowTarget?: boolean;
  size?: 'small' | 'medium';
  /**
   * "L2" only, with the name in a tooltip and the accessible name: for
   * dense tables, such as the catalog list, where every column competes
   * for width.
   */
  short?: boolean;
}) {
  const { level, name, belowTarget, size = 'small', short = false } = props;
  let tone: ChipTone = 'neutral';
  if (belowTarget === true) tone = 'below';
  else if (belowTarget === false) tone = 'atTarget';
  const classes = useStyles();
  const chip = (
    <Chip
      className={`${classes.chip} ${classes[tone]}`}
      size={size}
      label={name && !short ? `L${level} ${name}` : `L${level}`}
      aria-label={`Level ${level}${name ? ` ${name}` : ''}${
        belowTarget ? ', below target' : ''
      }`}
    />
  );
  return short && name ? (
    <Tooltip title={`L${level} ${name}`}>{chip}</Tooltip>
  ) : (
    chip
  );
}
