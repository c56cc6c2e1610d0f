import { join } from 'node:path';
import { appPreferencesSchema, type AppPreferences } from '../../shared/contracts/settings.contract';
import { appHome, readJsonState, writeJsonState } from './app-home';

const file = (): string => join(appHome(), 'preferences.json');

export function readPreferences(): AppPreferences {
  return readJsonState(file(), appPreferencesSchema, appPreferencesSchema.parse({}));
}

export function writePreferences(prefs: AppPreferences): void {
  writeJsonState(file(), prefs);
}
