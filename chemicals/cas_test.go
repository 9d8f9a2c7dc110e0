package chemicals

import "testing"

func TestParseCAS(t *testing.T) {
	tests := []struct {
		in         string
		wellFormed bool
		valid      bool
	}{
		{"23056-29-3", true, true},   // 4-AP
		{"125541-22-2", true, true},  // 1-boc-4-AP
		{"1609-66-1", true, true},    // norfentanyl
		{"1609-66-5", true, false},   // published wrong check digit
		{"2167189-50-4", true, true}, // PMK glycidic acid, seven leading digits
		{"50-00-0", true, true},      // formaldehyde, shortest form
		{"7732-18-5", true, true},    // water
		{"7732-18-4", true, false},
		{"5-00-0", false, false},
		{"12345678-00-0", false, false},
		{"23056-29", false, false},
		{"23056_29_3", false, false},
		{"2305a-29-3", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		got, want, ok := ParseCAS(tt.in)
		if ok != tt.wellFormed {
			t.Errorf("ParseCAS(%q) ok = %v, want %v", tt.in, ok, tt.wellFormed)
			continue
		}
		if ok && (got == want) != tt.valid {
			t.Errorf("ParseCAS(%q) check digit %c, computed %c, want valid=%v", tt.in, got, want, tt.valid)
		}
		if ValidCAS(tt.in) != tt.valid {
			t.Errorf("ValidCAS(%q) = %v, want %v", tt.in, !tt.valid, tt.valid)
		}
	}
}
