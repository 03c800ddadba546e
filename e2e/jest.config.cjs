module.exports = { ...require('../jest.shared.cjs')(__dirname, 'e2e'), testTimeout: 60000, passWithNoTests: true };
