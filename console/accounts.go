package console

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// accounts are the built-in analysts: name -> bcrypt hash.
type accounts map[string][]byte

// loadAccounts reads "name:bcrypt-hash" lines; blank lines and lines
// starting with # are skipped. Every problem is reported with its line.
func loadAccounts(path string) (accounts, error) {
	if path == "" {
		return accounts{}, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	return parseAccounts(path, data)
}

func parseAccounts(name string, data []byte) (accounts, error) {
	acc := accounts{}
	var problems []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		user, hash, ok := strings.Cut(line, ":")
		user = strings.TrimSpace(user)
		switch {
		case !ok || user == "":
			problems = append(problems, fmt.Sprintf("%s:%d: want name:bcrypt-hash", name, n))
		case len(user) > 200:
			problems = append(problems, fmt.Sprintf("%s:%d: name longer than 200 bytes", name, n))
		case acc[user] != nil:
			problems = append(problems, fmt.Sprintf("%s:%d: second account %q", name, n, user))
		default:
			if _, err := bcrypt.Cost([]byte(hash)); err != nil {
				problems = append(problems, fmt.Sprintf("%s:%d: account %q: not a bcrypt hash: %v", name, n, user, err))
				continue
			}
			acc[user] = []byte(hash)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("accounts %s: %w", name, err)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("accounts:\n\t%s", strings.Join(problems, "\n\t"))
	}
	return acc, nil
}

// dummyHash is compared against when the name is unknown, so a wrong name
// takes as long as a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("precursor-console-no-such-account"), bcrypt.DefaultCost)

// check reports whether password is the account's.
func (a accounts) check(user, password string) bool {
	hash, ok := a[user]
	if !ok {
		bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return false
	}
	return bcrypt.CompareHashAndPassword(hash, []byte(password)) == nil
}

// HashPassword returns the accounts-file line for an account.
func HashPassword(user, password string) (string, error) {
	if user == "" || strings.ContainsAny(user, ":\n") {
		return "", fmt.Errorf("account name %q: must be non-empty without ':' or newlines", user)
	}
	if len(password) < 8 {
		return "", fmt.Errorf("password: at least 8 characters")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return "", err
	}
	return user + ":" + string(h), nil
}
