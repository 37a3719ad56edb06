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

import { CopyTextButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  root: {
    position: 'relative',
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    marginTop: theme.spacing(1),
  },
  pre: {
    margin: 0,
    padding: theme.spacing(1.5),
    paddingRight: theme.spacing(6),
    overflowX: 'auto',
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    color: theme.palette.text.primary,
    whiteSpace: 'pre',
  },
  copy: {
    position: 'absolute',
    top: theme.spacing(0.5),
    right: theme.spacing(0.5),
  },
}));

/** A block of YAML with a button that copies it to the clipboard. */
export function YamlSnippet(props: { yaml: string; label: string }) {
  const { yaml, label } = props;
  const classes = useStyles();
  return (
    <Box className={classes.root}>
      <pre className={classes.pre} aria-label={label}>
        <code>{yaml}</code>
      </pre>
      <Box className={classes.copy}>
        <CopyTextButton
          text={yaml}
          tooltipText="YAML copied to clipboard"
          aria-label={`Copy ${label}`}
        />
      </Box>
    </Box>
  );
}
