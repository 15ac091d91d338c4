// Stand-in for Thrust's thrust::counting_iterator in the emulated (host-only) CUDA build: a
// random-access iterator whose item i is first + i (read-only), enough to feed CUB's algorithms.
#pragma once
#include <cstddef>
#include <iterator>

namespace thrust {

template <typename Incrementable>
class counting_iterator {
 public:
  using value_type = Incrementable;
  using reference = Incrementable;
  using pointer = void;
  using difference_type = std::ptrdiff_t;
  using iterator_category = std::random_access_iterator_tag;

  counting_iterator() = default;
  explicit counting_iterator(const Incrementable& x) : v_(x) {}

  reference operator*() const { return v_; }
  reference operator[](difference_type i) const { return static_cast<Incrementable>(v_ + i); }

  counting_iterator& operator++() { ++v_; return *this; }
  counting_iterator operator++(int) { counting_iterator old = *this; ++v_; return old; }
  counting_iterator& operator--() { --v_; return *this; }
  counting_iterator operator--(int) { counting_iterator old = *this; --v_; return old; }
  counting_iterator& operator+=(difference_type d) { v_ = static_cast<Incrementable>(v_ + d); return *this; }
  counting_iterator& operator-=(difference_type d) { v_ = static_cast<Incrementable>(v_ - d); return *this; }
  friend counting_iterator operator+(counting_iterator it, difference_type d) { return it += d; }
  friend counting_iterator operator+(difference_type d, counting_iterator it) { return it += d; }
  friend counting_iterator operator-(counting_iterator it, difference_type d) { return it -= d; }
  friend difference_type operator-(const counting_iterator& a, const counting_iterator& b) {
    return static_cast<difference_type>(a.v_ - b.v_);
  }
  friend bool operator==(const counting_iterator& a, const counting_iterator& b) { return a.v_ == b.v_; }
  friend bool operator!=(const counting_iterator& a, const counting_iterator& b) { return a.v_ != b.v_; }
  friend bool operator<(const counting_iterator& a, const counting_iterator& b) { return a.v_ < b.v_; }
  friend bool operator<=(const counting_iterator& a, const counting_iterator& b) { return a.v_ <= b.v_; }
  friend bool operator>(const counting_iterator& a, const counting_iterator& b) { return a.v_ > b.v_; }
  friend bool operator>=(const counting_iterator& a, const counting_iterator& b) { return a.v_ >= b.v_; }

 private:
  Incrementable v_{};
};

template <typename Incrementable>
counting_iterator<Incrementable> make_counting_iterator(Incrementable x) {
  return counting_iterator<Incrementable>(x);
}

}  // namespace thrust
