#!/usr/bin/env -S node --disable-warning=ExperimentalWarning

// Hand runs from src/ (tsx). Remove oclif.manifest.json first, or oclif loads dist/ instead.
import {execute} from '@oclif/core'

await execute({development: true, dir: import.meta.url})
