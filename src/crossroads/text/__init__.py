"""Text repair (extraction damage, metadata lines) and sentence segmentation."""
