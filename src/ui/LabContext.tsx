import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { LabState, LabStore } from '../store/labStore';

export const LabContext = createContext<LabStore | null>(null);

/** Reads the nearest lab store (one per instance). */
export function useLab<T>(selector: (s: LabState) => T): T {
  const store = useContext(LabContext);
  if (!store) throw new Error('useLab outside a LabContext provider');
  return useStore(store, selector);
}

/** The store itself, for actions and getState() in event handlers. */
export function useLabStore(): LabStore {
  const store = useContext(LabContext);
  if (!store) throw new Error('useLabStore outside a LabContext provider');
  return store;
}
