export function Logo({ size = 24 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true">
      <rect x="1" y="3" width="8" height="6" rx="2" fill="#6b8ff5" />
      <rect x="15" y="3" width="8" height="6" rx="2" fill="#48bb78" />
      <rect x="8" y="15" width="8" height="6" rx="2" fill="#ecc94b" />
      <path d="M9 6h6M5 9v4a2 2 0 0 0 2 2h1M19 9v4a2 2 0 0 1-2 2h-1" stroke="currentColor" strokeWidth="1.5" fill="none" />
    </svg>
  );
}
